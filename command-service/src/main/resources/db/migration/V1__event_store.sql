-- Axon's event store, owned by Flyway rather than created by the framework at start.
-- Layout follows Axon's JDBC EventSchema; payloads and metadata are bytea (never oid / large objects,
-- which PostgreSQL would keep outside the row and vacuumlo would have to clean up).

CREATE TABLE domain_event_entry (
    global_index          BIGSERIAL    NOT NULL,
    aggregate_identifier  VARCHAR(255) NOT NULL,
    sequence_number       BIGINT       NOT NULL,
    type                  VARCHAR(255),
    event_identifier      VARCHAR(255) NOT NULL,
    meta_data             BYTEA,
    payload               BYTEA        NOT NULL,
    payload_revision      VARCHAR(255),
    payload_type          VARCHAR(255) NOT NULL,
    time_stamp            VARCHAR(255) NOT NULL,
    PRIMARY KEY (global_index),
    -- Optimistic concurrency: two writers appending the same sequence of one issue collide here.
    CONSTRAINT uq_domain_event_aggregate_sequence UNIQUE (aggregate_identifier, sequence_number),
    CONSTRAINT uq_domain_event_identifier UNIQUE (event_identifier)
);

CREATE TABLE snapshot_event_entry (
    aggregate_identifier  VARCHAR(255) NOT NULL,
    sequence_number       BIGINT       NOT NULL,
    type                  VARCHAR(255) NOT NULL,
    event_identifier      VARCHAR(255) NOT NULL,
    meta_data             BYTEA,
    payload               BYTEA        NOT NULL,
    payload_revision      VARCHAR(255),
    payload_type          VARCHAR(255) NOT NULL,
    time_stamp            VARCHAR(255) NOT NULL,
    PRIMARY KEY (aggregate_identifier, sequence_number),
    CONSTRAINT uq_snapshot_event_identifier UNIQUE (event_identifier)
);

-- Tracking tokens of the streaming processors (the Kafka relay among them).
CREATE TABLE token_entry (
    processor_name  VARCHAR(255) NOT NULL,
    segment         INTEGER      NOT NULL,
    token           BYTEA,
    token_type      VARCHAR(255),
    time_stamp      VARCHAR(255),
    owner           VARCHAR(255),
    PRIMARY KEY (processor_name, segment)
);
