-- Read models as they stood at a past instant (quarter close …), each replayed once from the audit trail into a
-- schema of its own and kept for the next question about the same instant.
CREATE TABLE as_of_snapshot (
    as_of        timestamptz PRIMARY KEY,
    schema_name  text        NOT NULL UNIQUE,
    state        text        NOT NULL CHECK (state IN ('BUILDING', 'READY', 'FAILED')),
    events_done  bigint      NOT NULL DEFAULT 0,
    events_total bigint,
    started_at   timestamptz NOT NULL,
    -- Written with every page replayed: a BUILDING row that stops moving belongs to a dead instance.
    updated_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    error        text
);

-- The replay reads the trail in the order the event store recorded it.
CREATE INDEX audit_entry_global_position ON audit_entry (global_position) INCLUDE (recorded_at);
