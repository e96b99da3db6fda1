-- The KPI duration histograms (V40 per day, V64 per week and month) as one row per (measure, dimension, day, key)
-- holding its buckets in one integer array (V81: subscript = bucket, canonical form), instead of one row per bucket:
-- a 30-day answer by category read ~150 bucket rows per day and key, a rebuild grouped, wrote, made logged and
-- indexed every one of them. n and seconds stay scalar totals of the row (count and mean stay exact); counts[b] is
-- how many durations fall in bucket b.
--
-- Which rows exist is unchanged in kind: a row for every (measure, dimension, day, key) that any change ever touched,
-- also when its durations all moved away again (counts '{}', n 0), as a rebuild from the events produces them too.

CREATE TABLE kpi_duration_daily_arrays (
    measure   text             NOT NULL,
    dimension text             NOT NULL,
    day       date             NOT NULL,
    key       text             NOT NULL,
    n         integer          NOT NULL,
    seconds   double precision NOT NULL,
    counts    integer[]        NOT NULL,
    PRIMARY KEY (measure, dimension, day, key)
);

INSERT INTO kpi_duration_daily_arrays (measure, dimension, day, key, n, seconds, counts)
SELECT measure, dimension, day, key, sum(n), sum(seconds), histogram_of(bucket, n)
  FROM kpi_duration_daily
 GROUP BY 1, 2, 3, 4;

DROP TABLE kpi_duration_daily;
ALTER TABLE kpi_duration_daily_arrays RENAME TO kpi_duration_daily;
ALTER INDEX kpi_duration_daily_arrays_pkey RENAME TO kpi_duration_daily_pkey;

CREATE TABLE kpi_duration_rollup_arrays (
    measure   text             NOT NULL,
    dimension text             NOT NULL,
    -- week | month
    span      text             NOT NULL,
    day       date             NOT NULL,
    key       text             NOT NULL,
    n         integer          NOT NULL,
    seconds   double precision NOT NULL,
    counts    integer[]        NOT NULL,
    PRIMARY KEY (measure, dimension, span, day, key)
);

INSERT INTO kpi_duration_rollup_arrays (measure, dimension, span, day, key, n, seconds, counts)
SELECT measure, dimension, span, day, key, sum(n), sum(seconds), histogram_of(bucket, n)
  FROM kpi_duration_rollup
 GROUP BY 1, 2, 3, 4, 5;

DROP TABLE kpi_duration_rollup;
ALTER TABLE kpi_duration_rollup_arrays RENAME TO kpi_duration_rollup;
ALTER INDEX kpi_duration_rollup_arrays_pkey RENAME TO kpi_duration_rollup_pkey;
