-- KPIs, trends and heat maps: daily counters kept by the projection, and one narrow row per issue for what
-- cannot be pre-summed (percentiles of durations, heat-map pairs, open issues per owner).

-- Per issue: its current classification and the times durations are measured between; the per-issue guard.
-- Absent team / component are '' (they are part of counter keys); the API shows them as null.
CREATE TABLE kpi_issue (
    issue_id          uuid PRIMARY KEY,
    team              text        NOT NULL,
    category          text        NOT NULL,
    component         text        NOT NULL,
    priority          text        NOT NULL,
    owner             text,
    created_at        timestamptz NOT NULL,
    -- in work: not resolved, closed or cancelled
    open              boolean     NOT NULL,
    first_response_at timestamptz,
    -- the latest resolution; cleared by a reopen until the issue is resolved again
    resolved_at       timestamptz,
    last_sequence     bigint      NOT NULL,
    last_occurred_at  timestamptz NOT NULL
);

CREATE INDEX kpi_issue_created_at ON kpi_issue (created_at);
CREATE INDEX kpi_issue_first_response_at ON kpi_issue (first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX kpi_issue_resolved_at ON kpi_issue (resolved_at) WHERE resolved_at IS NOT NULL;
CREATE INDEX kpi_issue_open_owner ON kpi_issue (owner) WHERE open;
-- The newest business time seen, where periods end by default: max() reads one index entry.
CREATE INDEX kpi_issue_last_occurred_at ON kpi_issue (last_occurred_at);

-- What happened on one UTC day to one team's issues, in total (dimension 'all', key '') and per category
-- and per priority. created counts an issue on its creation day under its current classification; the other
-- counts are events under the classification the issue had when they happened. backlog_change is +1 when an
-- issue enters work (created, reopened, verification rejected), -1 when it leaves (resolved, cancelled), and
-- moves with a reclassification of an issue in work: the backlog at the end of day D is the sum up to D.
CREATE TABLE kpi_daily (
    dimension          text    NOT NULL,
    day                date    NOT NULL,
    team               text    NOT NULL,
    key                text    NOT NULL,
    created            integer NOT NULL DEFAULT 0,
    resolved           integer NOT NULL DEFAULT 0,
    closed             integer NOT NULL DEFAULT 0,
    reopened           integer NOT NULL DEFAULT 0,
    invalid_reports    integer NOT NULL DEFAULT 0,
    backlog_change     integer NOT NULL DEFAULT 0,
    satisfaction_sum   integer NOT NULL DEFAULT 0,
    satisfaction_count integer NOT NULL DEFAULT 0,
    PRIMARY KEY (dimension, day, team, key)
);
