-- The words of title and description, stored (V10 indexed only the expression that computes them). Two reasons:
-- * The issue list's text search walks the newest issues and keeps the matching ones (the plan for a frequent
--   word): with the expression, every row walked was parsed again (to_tsvector, ~12 µs a row: 30-100 ms for the
--   2,000 rows walked to find 50 matches of a word in 2.5 % of the issues); stored, it is read.
-- * The planner's estimate of how many rows match comes from the statistics ANALYZE keeps for the column; with
--   the expression it came from those of the expression index, and without them (a fresh index, a swapped table)
--   PostgreSQL assumed 0.5 % and chose a sequential scan that parsed every row (4.5 s per request at 200,000
--   issues). With the words stored, even that plan parses nothing.
-- The price: to_tsvector once per insert and per update of a row (PostgreSQL recomputes a stored generated column
-- on every UPDATE, and the projection's UPDATE sets every column anyway), and ~150 bytes more per row. A generated
-- column, not one the projection writes: a title or description changed in any way (a replay, a repair in SQL)
-- cannot leave stale words behind.
ALTER TABLE issue_view ADD COLUMN search tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(description, ''))) STORED;

CREATE INDEX issue_view_search ON issue_view USING gin (search);
DROP INDEX issue_view_text;
