-- SLA compliance pre-summed (package org.issueledger.query.sla): what GET /api/sla/compliance reads for windows of
-- whole UTC days instead of joining every clock with its issue and sorting every stopped clock's elapsed time
-- (13 s on 1,000,000 issues). Kept by the SLA projection: each clock it touches is taken out of the rows it counted
-- in before the batch and added to those it counts in after it, so a stop, a breach, a reopen, a priority change
-- of the clock or a reclassification / team change of its issue moves it. A row that counts nothing is deleted, so
-- a row exists only while some clock is in it.
--
-- dimension: all (key '') | team | category (the issue's current ones) | priority (the clock's, as sla_clock has it);
--            an absent value is key '', shown as null.
-- span:      day (day = the UTC day the clock started) | month (day = the first day of that month): long windows
--            read months, and days only at their ends.
CREATE TABLE sla_compliance_daily (
    dimension  text   NOT NULL,
    span       text   NOT NULL,
    day        date   NOT NULL,
    key        text   NOT NULL,
    clock      text   NOT NULL,
    met        bigint NOT NULL,
    breached   bigint NOT NULL,
    -- running or paused, not breached
    running    bigint NOT NULL,
    -- stopped (met or breached) and the business time on them summed: the population of mean, median and p90
    stopped    bigint NOT NULL,
    stopped_ms bigint NOT NULL,
    PRIMARY KEY (dimension, span, day, key, clock)
);

-- The elapsed business time of the stopped clocks as histograms, as kpi_duration_daily (V40) keeps durations:
-- bucket floor(ln(max(seconds, 1)) / ln(1.05)), 5 % wide, so a median or p90 read from them is within 5 % of the
-- exact one. The bucket is always computed by PostgreSQL with this expression, so the bucket a clock is taken out
-- of is the one it was added to.
CREATE TABLE sla_duration_daily (
    dimension text     NOT NULL,
    span      text     NOT NULL,
    day       date     NOT NULL,
    key       text     NOT NULL,
    clock     text     NOT NULL,
    bucket    smallint NOT NULL,
    n         bigint   NOT NULL,
    ms        bigint   NOT NULL,
    PRIMARY KEY (dimension, span, day, key, clock, bucket)
);

-- What the projection has recorded so far.
INSERT INTO sla_compliance_daily (dimension, span, day, key, clock, met, breached, running, stopped, stopped_ms)
SELECT d.dimension, s.span,
       CASE s.span WHEN 'day' THEN (c.started_at AT TIME ZONE 'UTC')::date
                   ELSE date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date END,
       CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN coalesce(i.team, '')
                        WHEN 'category' THEN coalesce(i.category, '') ELSE coalesce(c.priority, '') END,
       c.clock,
       count(*) FILTER (WHERE c.state = 'MET'), count(*) FILTER (WHERE c.state = 'BREACHED'),
       count(*) FILTER (WHERE c.state IN ('RUNNING', 'PAUSED')), count(*) FILTER (WHERE c.stopped_at IS NOT NULL),
       coalesce(sum(c.elapsed_ms) FILTER (WHERE c.stopped_at IS NOT NULL), 0)
  FROM sla_clock c
  JOIN sla_issue i ON i.issue_id = c.issue_id
 CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
 CROSS JOIN (VALUES ('day'), ('month')) AS s (span)
 GROUP BY 1, 2, 3, 4, 5;

INSERT INTO sla_duration_daily (dimension, span, day, key, clock, bucket, n, ms)
SELECT d.dimension, s.span,
       CASE s.span WHEN 'day' THEN (c.started_at AT TIME ZONE 'UTC')::date
                   ELSE date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date END,
       CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN coalesce(i.team, '')
                        WHEN 'category' THEN coalesce(i.category, '') ELSE coalesce(c.priority, '') END,
       c.clock, floor(ln(greatest(c.elapsed_ms / 1000.0, 1)) / ln(1.05)), count(*), sum(c.elapsed_ms)
  FROM sla_clock c
  JOIN sla_issue i ON i.issue_id = c.issue_id
 CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
 CROSS JOIN (VALUES ('day'), ('month')) AS s (span)
 WHERE c.stopped_at IS NOT NULL
 GROUP BY 1, 2, 3, 4, 5, 6;
