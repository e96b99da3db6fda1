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
    -- The only column most events change: no index covers it, so those updates stay HOT (in-page, no index writes).
    last_sequence    bigint      NOT NULL
);

-- Windows end by default on the day of the newest issue creation: max() reads one index entry.
CREATE INDEX ranking_issue_created_at ON ranking_issue (created_at);
-- longest-open: the oldest open issues first, without touching closed ones.
CREATE INDEX ranking_issue_open_since ON ranking_issue (created_at) WHERE open;

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

-- The previous window's count of the few keys shown, without scanning that whole window again.
CREATE INDEX ranking_count_by_key ON ranking_count (dimension, key, day);

-- All teams, all days: what window=all sums, kept so that it need not add up every day of history (a ranking of
-- recurring issues may have hundreds of thousands of fingerprints). n is not indexed, so increments stay HOT.
CREATE TABLE ranking_total (
    dimension text    NOT NULL,
    key       text    NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (dimension, key)
);
