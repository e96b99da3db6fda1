-- Every event as it arrived: who, what, when (business and record time), from which system, why.
CREATE TABLE audit_entry (
    event_id        uuid PRIMARY KEY,
    issue_id        uuid        NOT NULL,
    sequence        bigint      NOT NULL,
    global_position bigint      NOT NULL,
    type            text        NOT NULL,
    version         integer     NOT NULL,
    actor           text,
    occurred_at     timestamptz NOT NULL,
    recorded_at     timestamptz NOT NULL,
    correlation_id  text,
    source_system   text,
    metadata        jsonb       NOT NULL,
    payload         jsonb       NOT NULL
);

-- Unique, not just an index: two different events claiming one position of an issue's history mean the
-- upstream log is broken, and the second one belongs in dead_letter, not in the trail.
CREATE UNIQUE INDEX audit_entry_issue_sequence ON audit_entry (issue_id, sequence);
