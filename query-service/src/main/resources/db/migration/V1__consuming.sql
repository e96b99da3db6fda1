-- Where the consumer stands in each partition. This table, not Kafka's committed offsets, is the truth:
-- it is written in the same transaction as the read-model rows those records produced, so after any
-- crash the read models and the position to resume from agree.
CREATE TABLE consumer_offsets (
    consumer_group text        NOT NULL,
    topic          text        NOT NULL,
    partition      integer     NOT NULL,
    next_offset    bigint      NOT NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer_group, topic, partition)
);

-- Records that could not be applied (not JSON, unknown type or version, a payload that breaks a rule of
-- the read model). Kept byte for byte so they can be inspected and replayed once the cause is fixed.
CREATE TABLE dead_letter (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic            text        NOT NULL,
    partition        integer     NOT NULL,
    record_offset    bigint      NOT NULL,
    record_key       text,
    raw_value        bytea,
    headers          jsonb       NOT NULL,
    error            text        NOT NULL,
    dead_lettered_at timestamptz NOT NULL DEFAULT now(),
    -- A redelivered poison record is set aside once.
    UNIQUE (topic, partition, record_offset)
);

-- How far the read models are: the highest global position applied and the record time of that event.
CREATE TABLE projection_status (
    consumer_group       text PRIMARY KEY,
    last_global_position bigint,
    last_recorded_at     timestamptz,
    last_applied_at      timestamptz NOT NULL
);
