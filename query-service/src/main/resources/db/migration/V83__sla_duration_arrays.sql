-- The SLA elapsed-time histograms of sla_duration_daily (V61, weeks V67) as one row per (dimension, span, day, key,
-- clock) holding its buckets in one integer array (V81: subscript = bucket, canonical form) instead of one row per
-- bucket: ~60 bucket rows per key and day were what a 30-day answer grouped by team read (p95 57 ms on 1,000,000
-- issues), and what a rebuild grouped, wrote and made logged. n and ms are the totals of the row (the stopped clocks
-- it counts and their elapsed time). As before, a row exists only while it counts a clock (n <> 0; the projection
-- deletes a row whose n drops to 0, and then its counts are '{}'), so live rows equal rebuilt ones row for row.
CREATE TABLE sla_duration_arrays (
    dimension text      NOT NULL,
    span      text      NOT NULL,
    day       date      NOT NULL,
    key       text      NOT NULL,
    clock     text      NOT NULL,
    counts    integer[] NOT NULL,
    n         bigint    NOT NULL,
    ms        bigint    NOT NULL,
    PRIMARY KEY (dimension, span, day, key, clock)
);

INSERT INTO sla_duration_arrays (dimension, span, day, key, clock, counts, n, ms)
SELECT dimension, span, day, key, clock, histogram_of(bucket, CAST(n AS integer)), sum(n), sum(ms)
  FROM sla_duration_daily
 GROUP BY 1, 2, 3, 4, 5
HAVING sum(n) <> 0;

DROP TABLE sla_duration_daily;
ALTER TABLE sla_duration_arrays RENAME TO sla_duration_daily;
ALTER TABLE sla_duration_daily RENAME CONSTRAINT sla_duration_arrays_pkey TO sla_duration_daily_pkey;

-- No statistics on the arrays: no query filters or joins on them, and ANALYZE would gather element statistics over
-- every bucket of its sample (ANALYZE of the table took 2.1 s, under load, in the completion of a 1M rebuild).
ALTER TABLE sla_duration_daily ALTER COLUMN counts SET STATISTICS 0;
