-- kpi_daily summed over all teams, per UTC day and per UTC month, for every dimension: an answer not limited to one
-- team and not grouped by team reads one row per key and day (or month) instead of one per team, key and day. The
-- KPIs of 30 days grouped by category read ~30 days x 20 teams x 50 categories counter rows for the counts, and
-- 11 months x 1,000 + the current month's days x 1,000 for the backlog at the period's end (the sum of every
-- backlog_change up to it): ~40,000 rows summed per request at 1,000,000 issues, 76 ms p95; here 1/20 of that.
-- Kept by the KPI projection with every kpi_daily update; a row exists for every (dimension, day, key) and
-- (dimension, month, key) that kpi_daily has a row of, even when its counts add up to 0, as kpi_daily and
-- kpi_monthly keep such rows.
--
-- span: day (day = the UTC day) | month (day = the first day of the UTC month)
CREATE TABLE kpi_all_teams (
    dimension          text    NOT NULL,
    span               text    NOT NULL,
    day                date    NOT NULL,
    key                text    NOT NULL,
    created            integer NOT NULL,
    resolved           integer NOT NULL,
    closed             integer NOT NULL,
    reopened           integer NOT NULL,
    invalid_reports    integer NOT NULL,
    backlog_change     integer NOT NULL,
    satisfaction_sum   integer NOT NULL,
    satisfaction_count integer NOT NULL,
    resolve_seconds    bigint  NOT NULL,
    timed_resolutions  integer NOT NULL,
    PRIMARY KEY (dimension, span, day, key)
);

INSERT INTO kpi_all_teams (dimension, span, day, key, created, resolved, closed, reopened, invalid_reports,
                           backlog_change, satisfaction_sum, satisfaction_count, resolve_seconds, timed_resolutions)
SELECT dimension, s.span, CASE s.span WHEN 'day' THEN day ELSE date_trunc('month', day)::date END, key,
       sum(created), sum(resolved), sum(closed), sum(reopened), sum(invalid_reports), sum(backlog_change),
       sum(satisfaction_sum), sum(satisfaction_count), sum(resolve_seconds), sum(timed_resolutions)
  FROM kpi_daily
 CROSS JOIN (VALUES ('day'), ('month')) AS s (span)
 GROUP BY 1, 2, 3, 4;
