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
    first_response_seconds double precision
        GENERATED ALWAYS AS (extract(epoch FROM first_response_at - created_at)) STORED,
    resolve_seconds   double precision GENERATED ALWAYS AS (extract(epoch FROM resolved_at - created_at)) STORED,
    -- The only column most events change: no index covers it, so those updates stay HOT (in-page, no index writes).
    last_sequence     bigint      NOT NULL
);

-- Heat maps read only this index (pairs of the included columns by creation time); periods end by default on the
-- day of the newest creation (max() reads one entry).
CREATE INDEX kpi_issue_created_at ON kpi_issue (created_at) INCLUDE (team, category, priority, component);
-- Percentiles of a period read only these indexes (index-only scans), not the table.
CREATE INDEX kpi_issue_first_response ON kpi_issue (first_response_at)
    INCLUDE (first_response_seconds, team, category, priority) WHERE first_response_at IS NOT NULL;
CREATE INDEX kpi_issue_resolution ON kpi_issue (resolved_at)
    INCLUDE (resolve_seconds, team, category, priority) WHERE resolved_at IS NOT NULL;
CREATE INDEX kpi_issue_open_owner ON kpi_issue (owner) WHERE open;

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
    -- Resolve times of the latest resolutions that fell on this day, so an MTTR trend sums days instead of
    -- issues. A reopen takes its issue's resolution back out of the day it was counted on.
    resolve_seconds    bigint  NOT NULL DEFAULT 0,
    timed_resolutions  integer NOT NULL DEFAULT 0,
    PRIMARY KEY (dimension, day, team, key)
);
