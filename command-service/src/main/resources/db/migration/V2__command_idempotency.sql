-- Idempotency keys of accepted commands. The row is written in the same transaction as the events the
-- command appended: both exist or neither does, so a crash can never leave a key without its effect
-- (or the reverse). A concurrent repeat blocks on the primary key until the first commits, then fails.
CREATE TABLE command_idempotency (
    idempotency_key      VARCHAR(200) PRIMARY KEY,
    -- SHA-256 of what the request asked for: the same key with a different request is refused.
    request_fingerprint  CHAR(64)     NOT NULL,
    issue_id             UUID         NOT NULL,
    command_id           VARCHAR(64)  NOT NULL,
    recorded_at          TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE INDEX command_idempotency_recorded_at ON command_idempotency (recorded_at);
