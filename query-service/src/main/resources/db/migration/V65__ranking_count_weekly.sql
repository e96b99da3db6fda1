-- ranking_count summed per ISO week (week = its Monday), kept by the rankings projection with every ranking_count
-- update, so that a 30- or 90-day window reads whole weeks and only the days at its ends: one row per team and key
-- and week instead of one per day. Not for the per-issue counters (escalation, reopen), nor for fingerprints (most
-- occur once per team and week): a week would merge hardly any of their rows. A row exists only while its count is not 0, whatever batches moved it.
CREATE TABLE ranking_count_weekly (
    dimension text    NOT NULL,
    week      date    NOT NULL,
    team      text    NOT NULL,
    key       text    NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (dimension, week, team, key)
);
-- The previous window's count of the few keys shown, as ranking_count_by_key.
CREATE INDEX ranking_count_weekly_by_key ON ranking_count_weekly (dimension, key, week);

INSERT INTO ranking_count_weekly (dimension, week, team, key, n)
SELECT dimension, date_trunc('week', day)::date, team, key, sum(n)
  FROM ranking_count
 WHERE dimension NOT IN ('escalation', 'reopen', 'fingerprint')
 GROUP BY 1, 2, 3, 4
HAVING sum(n) <> 0;
