-- TOP rankings: daily counters, pre-aggregated by the projection so that a ranking sums at most a window's
-- days of rows and never reads the event log.

-- What the rankings need to know about each issue, and the per-issue guard that makes redelivery harmless.
-- Absent team / component are '' (they are part of counter keys); the API shows them as null.
CREATE TABLE ranking_issue (
    issue_id         uuid PRIMARY KEY,
    title            text,
    team             text        NOT NULL,
    category         text        NOT NULL,
    component        text        NOT NULL,
    -- normalised title + category + component, see Fingerprint
    fingerprint      text        NOT NULL,
    created_at       timestamptz NOT NULL,
    -- not resolved, closed or cancelled
    open             boolean     NOT NULL,
    last_sequence    bigint      NOT NULL,
    last_occurred_at timestamptz NOT NULL
);

-- longest-open: the oldest open issues first, without touching closed ones.
CREATE INDEX ranking_issue_open_since ON ranking_issue (created_at) WHERE open;
-- The newest business time seen, where windows end by default: max() reads one index entry.
CREATE INDEX ranking_issue_last_occurred_at ON ranking_issue (last_occurred_at);

-- n issues (or escalations, reopens) on one UTC day, for one team, under one key of one dimension:
-- category, component, team, fingerprint (by creation day); escalation, reopen (key = issue id, by event day).
CREATE TABLE ranking_count (
    dimension text    NOT NULL,
    day       date    NOT NULL,
    team      text    NOT NULL,
    key       text    NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (dimension, day, team, key)
);
