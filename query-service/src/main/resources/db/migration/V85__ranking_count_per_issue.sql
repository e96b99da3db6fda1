-- What a window of a per-issue counter (escalations, reopens: one row per issue and day) adds up to, read from the
-- index alone: the total of most-escalated 30d and of its previous window summed ~47,000 rows each at 1,000,000
-- issues, every one a heap fetch (~10x the time of this index-only read). Only those two counters' rows: the others
-- (four per issue created) would pay one more index entry each, and their increments would stop being HOT updates.
-- Queries must name the dimension as a literal for PostgreSQL to use a partial index (a parameter's generic plan
-- cannot prove the predicate).
CREATE INDEX ranking_count_per_issue ON ranking_count (dimension, day) INCLUDE (team, n)
    WHERE dimension IN ('escalation', 'reopen');
