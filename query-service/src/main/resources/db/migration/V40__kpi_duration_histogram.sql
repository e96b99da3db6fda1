-- Durations (time to first response, time to resolve) as histograms per UTC day: what the KPI median and p90 read
-- on large periods instead of sorting every issue's duration. Kept by the projection from kpi_issue's own columns
-- (first_response_seconds, resolve_seconds), so an entry is always taken back exactly as it was added.
--
-- measure:   first_response (by the day of the first response) | resolution (by the day of the latest resolution)
-- dimension: all (key '') | team | category | priority (key = the issue's current value, as kpi_issue groups them)
-- bucket:    floor(ln(max(seconds, 1)) / ln(1.05)): buckets 5 % wide, so a percentile read from them is within 5 %
--            of the exact one; n and the summed seconds make count and mean exact.
CREATE TABLE kpi_duration_daily (
    measure   text             NOT NULL,
    dimension text             NOT NULL,
    day       date             NOT NULL,
    key       text             NOT NULL,
    bucket    smallint         NOT NULL,
    n         integer          NOT NULL,
    seconds   double precision NOT NULL,
    PRIMARY KEY (measure, dimension, day, key, bucket)
);

-- What the projection has recorded so far.
INSERT INTO kpi_duration_daily (measure, dimension, day, key, bucket, n, seconds)
SELECT m.measure, d.dimension, (CASE m.measure WHEN 'first_response' THEN i.first_response_at ELSE i.resolved_at END
                                AT TIME ZONE 'UTC')::date,
       CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN i.team WHEN 'category' THEN i.category ELSE i.priority END,
       floor(ln(greatest(m.seconds, 1)) / ln(1.05)), count(*), sum(m.seconds)
  FROM kpi_issue i
 CROSS JOIN LATERAL (VALUES ('first_response', i.first_response_seconds), ('resolution', i.resolve_seconds))
       AS m (measure, seconds)
 CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
 WHERE m.seconds IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5;
