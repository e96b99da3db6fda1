-- kpi_daily summed per UTC month, kept by the KPI projection with every kpi_daily update, so that long periods read
-- months and only the days at their ends. Above all the backlog at the end of a period, which is the sum of
-- backlog_change over every day of history up to its end: a year of history grouped by category read
-- 365 days x teams x categories rows (226,000 rows, 289 ms on 200,000 issues). Also the counts of long periods and
-- the heat map team x category (created per team and category). A month row exists for every kpi_daily row's month
-- and key (even when its counts add up to 0), as kpi_daily keeps rows that add up to nothing.
CREATE TABLE kpi_monthly (
    dimension          text    NOT NULL,
    -- the first day of the month
    month              date    NOT NULL,
    team               text    NOT NULL,
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
    PRIMARY KEY (dimension, month, team, key)
);

INSERT INTO kpi_monthly (dimension, month, team, key, created, resolved, closed, reopened, invalid_reports,
                         backlog_change, satisfaction_sum, satisfaction_count, resolve_seconds, timed_resolutions)
SELECT dimension, date_trunc('month', day)::date, team, key, sum(created), sum(resolved), sum(closed), sum(reopened),
       sum(invalid_reports), sum(backlog_change), sum(satisfaction_sum), sum(satisfaction_count), sum(resolve_seconds),
       sum(timed_resolutions)
  FROM kpi_daily
 GROUP BY 1, 2, 3, 4;
