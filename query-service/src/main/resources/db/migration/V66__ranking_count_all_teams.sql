-- ranking_count summed over all teams, per UTC day and per ISO week, for the counters whose keys every team shares
-- (category, component): a ranking over all teams reads one row per key and week (days only at the window's ends)
-- instead of one per team, key and week. Component over 90 days read up to 20 teams x 300 components x 13 weeks
-- rows from ranking_count_weekly (V65); here 300 x 13. Team and SLA-breach counters are keyed by team, so their
-- rows are one per key already. Kept by the rankings projection with every ranking_count update; a row exists
-- only while its count is not 0, whatever batches moved it.
--
-- span: day (day = the UTC day) | week (day = the Monday of the ISO week)
CREATE TABLE ranking_count_all_teams (
    dimension text    NOT NULL,
    span      text    NOT NULL,
    day       date    NOT NULL,
    key       text    NOT NULL,
    n         integer NOT NULL,
    PRIMARY KEY (dimension, span, day, key)
);
-- The previous window's count of the few keys shown, as ranking_count_by_key.
CREATE INDEX ranking_count_all_teams_by_key ON ranking_count_all_teams (dimension, span, key, day);

INSERT INTO ranking_count_all_teams (dimension, span, day, key, n)
SELECT dimension, s.span, CASE s.span WHEN 'day' THEN day ELSE date_trunc('week', day)::date END, key, sum(n)
  FROM ranking_count
 CROSS JOIN (VALUES ('day'), ('week')) AS s (span)
 WHERE dimension IN ('category', 'component')
 GROUP BY 1, 2, 3, 4
HAVING sum(n) <> 0;
