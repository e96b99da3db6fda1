-- The elapsed-time histograms of sla_duration_daily (V61) also per ISO week (span 'week', day = its Monday), kept
-- by the SLA projection with the day and month rows: a 30-day window grouped by team read 30 days x teams x
-- 2 clocks x ~60 buckets of day rows (79 ms of the 100 ms of GET /api/sla/compliance?groupBy=team on 1,000,000
-- issues); with weeks it reads whole weeks and only the days at the window's ends. Only the histograms: the
-- counters of a 30-day window are a few hundred rows either way. A row exists only while it counts a clock.
INSERT INTO sla_duration_daily (dimension, span, day, key, clock, bucket, n, ms)
SELECT dimension, 'week', date_trunc('week', day)::date, key, clock, bucket, sum(n), sum(ms)
  FROM sla_duration_daily
 WHERE span = 'day'
 GROUP BY 1, 2, 3, 4, 5, 6
HAVING sum(n) <> 0;
