-- The current state of each issue, one row per issue.
CREATE TABLE issue_view (
    issue_id             uuid PRIMARY KEY,
    title                text,
    description          text,
    category             text,
    component            text,
    priority             text,
    team                 text,
    reporter             text,
    status               text        NOT NULL,
    owner                text,
    co_handlers          text[]      NOT NULL DEFAULT '{}',
    escalation_level     integer     NOT NULL DEFAULT 0,
    reassignments        integer     NOT NULL DEFAULT 0,
    reopen_count         integer     NOT NULL DEFAULT 0,
    created_at           timestamptz NOT NULL,
    first_response_at    timestamptz,
    resolved_at          timestamptz,
    resolution_code      text,
    closed_at            timestamptz,
    close_code           text,
    satisfaction         smallint,
    cancelled_at         timestamptz,
    cancel_reason        text,
    duplicate_of         uuid,
    -- The per-issue guard that makes redelivery harmless: an event applies only if its sequence is higher.
    last_sequence        bigint      NOT NULL,
    last_occurred_at     timestamptz NOT NULL,
    last_global_position bigint      NOT NULL,
    -- Record time (the event store's clock) of the last applied event, so replays rebuild identical rows.
    updated_at           timestamptz NOT NULL
);
