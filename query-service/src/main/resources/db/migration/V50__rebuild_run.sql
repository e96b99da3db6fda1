-- Rebuilds of read models, visible to every instance: which models, how far, how it ended.
CREATE TABLE rebuild_run (
    id           uuid PRIMARY KEY,
    read_models  text[]      NOT NULL,
    state        text        NOT NULL CHECK (state IN ('RUNNING', 'SWAPPED', 'FAILED', 'ABANDONED')),
    events_done  bigint      NOT NULL DEFAULT 0,
    events_total bigint,
    started_at   timestamptz NOT NULL,
    -- Written with every progress report: a RUNNING row that stops moving belongs to a dead instance.
    updated_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    error        text
);

-- One rebuild at a time per database: two would race to swap the same tables.
CREATE UNIQUE INDEX rebuild_run_one_running ON rebuild_run ((true)) WHERE state = 'RUNNING';
