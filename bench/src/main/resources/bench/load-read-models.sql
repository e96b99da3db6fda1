-- Loads :n synthetic issues straight into the query-service's read-model tables, set-based, shaped as the
-- projections (issueview, rankings, kpi, sla) write them, in the physical order they would: rows inserted in time
-- order (ORDER BY day / created_at), so that a window of days lies in as few pages as it would after a year of live
-- traffic (in random order, a 30-day ranking reads 16,000 scattered pages instead of a few hundred). Placeholders: :n, :anchor (the last instant of history),
-- :seed. Statements are separated by '-- @@' lines; the harness runs and times each.
-- Additive: counters are added with ON CONFLICT ... DO UPDATE, so issues that came in through the real command
-- API before the load (the sanity check) keep their rows and stay counted.

SELECT setseed(:seed);
-- @@ generate
DROP TABLE IF EXISTS bench_issue;
-- @@ generate
CREATE UNLOGGED TABLE bench_issue AS
WITH r AS (
    SELECT g, random() AS r_team, random() AS r_cat, random() AS r_comp, random() AS r_prio, random() AS r_ph,
           random() AS r_obj, random() AS r_num, random() AS r_age, random() AS r_out, random() AS r_fr,
           random() AS r_res, random() AS r_close, random() AS r_sat, random() AS r_own, random() AS r_reo,
           random() AS r_st, random() AS r_co
      FROM generate_series(1, :n) AS g
), a AS (
    SELECT r.*,
           md5('bench-issue-' || g)::uuid AS issue_id,
           floor(20 * r_team ^ 1.6)::int AS team_no,
           (ARRAY['email', 'network', 'vpn', 'printer', 'database', 'storage', 'backup', 'identity', 'access',
                  'laptop', 'desktop', 'mobile', 'erp', 'crm', 'billing', 'payroll', 'web', 'api', 'dns', 'firewall',
                  'monitoring', 'logging', 'ci', 'deploy', 'kubernetes', 'virtualization', 'linux', 'windows',
                  'office', 'collaboration', 'telephony', 'video', 'wifi', 'hr portal', 'finance', 'warehouse',
                  'shipping', 'pos', 'shop', 'search', 'analytics', 'reporting', 'data pipeline', 'messaging',
                  'security', 'antivirus', 'certificates', 'licenses', 'hardware', 'facilities'])
               [1 + floor(50 * r_cat ^ 2)::int] AS category,
           (ARRAY['core', 'ui', 'auth', 'sync', 'db', 'batch'])[1 + floor(6 * r_comp ^ 1.5)::int] AS comp_suffix,
           CASE WHEN r_prio < 0.05 THEN 'P1' WHEN r_prio < 0.20 THEN 'P2' WHEN r_prio < 0.70 THEN 'P3' ELSE 'P4' END
               AS priority,
           (ARRAY['Disk full on', 'Login fails on', 'Timeout calling', 'High load on', 'Memory leak in',
                  'Certificate expired for', 'Cannot connect to', 'Slow response from', 'Backup failed on',
                  'Sync stuck in', 'Crash in', 'Server error from', 'Queue growing on', 'Password reset broken on',
                  'Missing data in', 'Wrong totals in', 'Job not run on', 'Alert flapping on', 'Access denied to',
                  'Update failed on', 'Licence warning on', 'Packet loss to', 'Print queue stuck on',
                  'Mailbox full on', 'Replication lag on', 'Login slow on', 'Report empty in', 'Export broken in',
                  'Import rejected by', 'Session drops on', 'Blue screen on', 'No sound on', 'Screen flicker on',
                  'Battery drain on', 'Sync conflict in', 'Duplicate orders in', 'Price wrong in',
                  'Stock mismatch in', 'Label misprint on', 'Scanner offline at'])[1 + floor(40 * r_ph ^ 2)::int]
               || ' '
               || (ARRAY['db', 'app', 'web', 'mail', 'file', 'print', 'vpn', 'proxy', 'gw', 'node', 'host', 'ws',
                         'lb', 'cache', 'queue', 'api', 'batch', 'edge', 'store', 'till', 'dock', 'lab', 'dc',
                         'branch', 'desk'])[1 + floor(25 * r_obj ^ 2)::int]
               || '-' || floor(200 * r_num)::int AS title,
           365 * 86400 * r_age AS age_s
      FROM r
), b AS (
    SELECT a.*,
           'team-' || lpad(team_no::text, 2, '0') AS team,
           a.category || ' ' || a.comp_suffix AS component,
           :anchor::timestamptz - make_interval(secs => age_s) AS created_at,
           CASE priority WHEN 'P1' THEN 3600 WHEN 'P2' THEN 14400 WHEN 'P3' THEN 86400 ELSE 259200 END AS fr_target_s,
           CASE priority WHEN 'P1' THEN 14400 WHEN 'P2' THEN 86400 WHEN 'P3' THEN 259200 ELSE 864000 END AS res_target_s,
           CASE WHEN r_out < 0.04 THEN 'CANCELLED'
                WHEN r_out < 0.07 OR (age_s < 14 * 86400 AND r_out < 0.54) THEN
                    CASE WHEN r_st < 0.2 THEN 'OPEN' WHEN r_st < 0.45 THEN 'ASSIGNED'
                         WHEN r_st < 0.85 THEN 'IN_PROGRESS' ELSE 'ON_HOLD' END
                WHEN r_out < 0.10 THEN 'RESOLVED'
                ELSE 'CLOSED' END AS status
      FROM a
), c AS (
    SELECT b.*,
           CASE WHEN status IN ('RESOLVED', 'CLOSED')
                THEN least(res_target_s * 2 * r_res ^ 2 + 600, age_s * 0.9) END AS res_s,
           CASE WHEN status = 'CANCELLED' THEN least(age_s * 0.9, 172800 * r_res + 300) END AS cancel_s
      FROM b
), d AS (
    SELECT c.*,
           CASE WHEN status IN ('RESOLVED', 'CLOSED') THEN least(fr_target_s * 1.6 * r_fr ^ 1.5 + 60, res_s)
                WHEN status = 'CANCELLED' AND r_fr < 0.3 THEN least(fr_target_s * 1.6 * r_fr ^ 1.5 + 60, cancel_s)
                WHEN status IN ('ASSIGNED', 'IN_PROGRESS', 'ON_HOLD') AND fr_target_s * 1.6 * r_fr ^ 1.5 + 60 < age_s
                    THEN fr_target_s * 1.6 * r_fr ^ 1.5 + 60 END AS stop_fr_s,
           CASE WHEN status = 'CLOSED' THEN res_s + least(259200 * r_close, (age_s - res_s) * 0.9) END AS close_s,
           status IN ('RESOLVED', 'CLOSED') AND r_reo < 0.05 AS reopened,
           status IN ('OPEN', 'ASSIGNED', 'IN_PROGRESS', 'ON_HOLD') AS open
      FROM c
)
SELECT d.*,
       -- the first response proper (acknowledgement); a resolution stops the clock but is not one
       CASE WHEN stop_fr_s < coalesce(res_s, cancel_s, 1e12) THEN stop_fr_s END AS ack_s,
       -- the first-response clock stops at the response, the resolution or the cancellation
       coalesce(stop_fr_s, cancel_s) AS fr_clock_s,
       coalesce(res_s, cancel_s) AS res_clock_s,
       CASE WHEN status = 'ON_HOLD' THEN greatest(coalesce(stop_fr_s, 0), age_s * 0.8) END AS hold_s,
       CASE WHEN status = 'CLOSED' AND r_sat < 0.7
            THEN (ARRAY[1, 2, 3, 3, 4, 4, 4, 5, 5, 5])[1 + floor(10 * r_sat / 0.7)::int] END AS satisfaction,
       CASE WHEN status = 'OPEN' OR (status = 'CANCELLED' AND r_own < 0.5) THEN NULL
            ELSE 'agent-' || lpad(team_no::text, 2, '0') || '-' || floor(15 * r_own)::int END AS owner
  FROM d;
-- @@ generate
-- Escalation level as the SLA ladder leaves it (80 % -> 1, 100 % -> 2, 200 % -> 3 of either clock's target).
ALTER TABLE bench_issue ADD COLUMN fr_ratio double precision, ADD COLUMN res_ratio double precision,
                        ADD COLUMN escalation_level int;
-- @@ generate
UPDATE bench_issue
   SET fr_ratio = coalesce(fr_clock_s, age_s) / fr_target_s,
       res_ratio = coalesce(res_clock_s, hold_s, age_s) / res_target_s;
-- @@ generate
UPDATE bench_issue
   SET escalation_level = CASE WHEN greatest(fr_ratio, res_ratio) >= 2 THEN 3
                               WHEN greatest(fr_ratio, res_ratio) >= 1 THEN 2
                               WHEN greatest(fr_ratio, res_ratio) >= 0.8 THEN 1 ELSE 0 END;
-- @@ issue_view
INSERT INTO issue_view (issue_id, title, description, category, component, priority, team, reporter, status, owner,
                        co_handlers, escalation_level, reassignments, reopen_count, created_at, first_response_at,
                        resolved_at, resolution_code, closed_at, close_code, satisfaction, cancelled_at, cancel_reason,
                        duplicate_of, last_sequence, last_occurred_at, last_global_position, updated_at)
SELECT issue_id, title, 'Reported by monitoring: ' || title || '. Users affected: ' || (1 + floor(r_num * 40)::int),
       category, component, priority, team, 'user-' || floor(r_co * 5000)::int, status, owner,
       CASE WHEN r_co < 0.05 AND owner IS NOT NULL THEN ARRAY['agent-' || lpad(team_no::text, 2, '0') || '-cohandler']
            ELSE '{}'::text[] END,
       escalation_level, CASE WHEN r_own > 0.9 AND owner IS NOT NULL THEN 1 ELSE 0 END, reopened::int, created_at,
       created_at + make_interval(secs => ack_s),
       created_at + make_interval(secs => res_s),
       CASE WHEN res_s IS NOT NULL THEN (ARRAY['FIXED', 'WORKAROUND', 'NO_FAULT'])[1 + floor(3 * r_res ^ 3)::int] END,
       created_at + make_interval(secs => close_s), CASE WHEN close_s IS NOT NULL THEN 'DONE' END, satisfaction,
       created_at + make_interval(secs => cancel_s),
       CASE WHEN cancel_s IS NOT NULL THEN (ARRAY['INVALID', 'DUPLICATE', 'FALSE_REPORT'])[1 + floor(3 * r_out / 0.04)::int] END,
       CASE WHEN cancel_s IS NOT NULL AND floor(3 * r_out / 0.04) = 1 THEN md5('bench-issue-' || (g + 1))::uuid END,
       seq, last_at, g * 12, last_at
  FROM (SELECT bench_issue.*,
               4 + (owner IS NOT NULL)::int + 2 * (ack_s IS NOT NULL)::int + (status NOT IN ('OPEN', 'ASSIGNED', 'CANCELLED'))::int
                 + 3 * (res_s IS NOT NULL)::int + (close_s IS NOT NULL)::int + 3 * (cancel_s IS NOT NULL)::int
                 + 2 * escalation_level + 4 * reopened::int AS seq,
               created_at + make_interval(secs => greatest(coalesce(close_s, res_s, cancel_s, hold_s, ack_s, 0),
                                                           least(age_s, 3 * escalation_level * fr_target_s))) AS last_at
          FROM bench_issue) i
 ORDER BY created_at;
-- @@ rankings
INSERT INTO ranking_issue (issue_id, title, team, category, component, fingerprint, created_at, open, last_sequence)
SELECT issue_id, title, team, category, component,
       lower(regexp_replace(title, '[0-9]+', '#', 'g')) || ' | ' || category || ' | ' || component,
       created_at, open, 10
  FROM bench_issue
 ORDER BY created_at;
-- @@ rankings
INSERT INTO ranking_count AS rc (dimension, day, team, key, n)
SELECT dimension, day, team, key, sum(n)
  FROM (SELECT d.dimension, (i.created_at AT TIME ZONE 'UTC')::date AS day, i.team,
               CASE d.dimension WHEN 'category' THEN i.category WHEN 'component' THEN i.component
                                WHEN 'team' THEN i.team ELSE i.fingerprint END AS key, 1 AS n
          FROM ranking_issue i
          JOIN bench_issue b USING (issue_id)
         CROSS JOIN (VALUES ('category'), ('component'), ('team'), ('fingerprint')) AS d(dimension)
        UNION ALL
        -- escalations by the day the first threshold was crossed, keyed by issue
        SELECT 'escalation', ((created_at + make_interval(secs => 0.8 * least(
                   CASE WHEN fr_ratio >= 0.8 THEN fr_target_s ELSE res_target_s END, age_s / 0.8)))
                   AT TIME ZONE 'UTC')::date, team, issue_id::text, escalation_level
          FROM bench_issue WHERE escalation_level > 0
        UNION ALL
        SELECT 'reopen', ((created_at + make_interval(secs => 0.7 * res_s)) AT TIME ZONE 'UTC')::date, team,
               issue_id::text, 1
          FROM bench_issue WHERE reopened
        UNION ALL
        -- SLA breaches on the day the clock ran past its due time, keyed by team
        SELECT 'sla-breach', ((created_at + make_interval(secs => fr_target_s)) AT TIME ZONE 'UTC')::date, team, team, 1
          FROM bench_issue WHERE fr_ratio > 1
        UNION ALL
        SELECT 'sla-breach', ((created_at + make_interval(secs => res_target_s)) AT TIME ZONE 'UTC')::date, team, team, 1
          FROM bench_issue WHERE res_ratio > 1) counted
 GROUP BY 1, 2, 3, 4
 ORDER BY day, team
ON CONFLICT (dimension, day, team, key) DO UPDATE SET n = rc.n + excluded.n;
-- @@ rankings
-- The weekly roll-up (V65) is by definition the daily counters summed per week.
DELETE FROM ranking_count_weekly;
-- @@ rankings
INSERT INTO ranking_count_weekly (dimension, week, team, key, n)
SELECT dimension, date_trunc('week', day)::date, team, key, sum(n)
  FROM ranking_count
 WHERE dimension NOT IN ('escalation', 'reopen', 'fingerprint')
 GROUP BY 1, 2, 3, 4
HAVING sum(n) <> 0
 ORDER BY 2;
-- @@ rankings
-- The all-teams sums (V66) are by definition the daily category / component counters summed over teams.
DELETE FROM ranking_count_all_teams;
-- @@ rankings
INSERT INTO ranking_count_all_teams (dimension, span, day, key, n)
SELECT dimension, s.span, CASE s.span WHEN 'day' THEN day ELSE date_trunc('week', day)::date END, key, sum(n)
  FROM ranking_count
 CROSS JOIN (VALUES ('day'), ('week')) AS s (span)
 WHERE dimension IN ('category', 'component')
 GROUP BY 1, 2, 3, 4
HAVING sum(n) <> 0
 ORDER BY 3;
-- @@ rankings
-- The all-time totals are by definition the sums of the daily counters.
DELETE FROM ranking_total;
-- @@ rankings
INSERT INTO ranking_total (dimension, key, n)
SELECT dimension, key, sum(n) FROM ranking_count GROUP BY 1, 2 HAVING sum(n) <> 0;
-- @@ kpi
INSERT INTO kpi_issue (issue_id, team, category, component, priority, owner, created_at, open, first_response_at,
                       resolved_at, last_sequence)
SELECT issue_id, team, category, component, priority, owner, created_at, open,
       created_at + make_interval(secs => ack_s), created_at + make_interval(secs => res_s), 10
  FROM bench_issue
 ORDER BY created_at;
-- @@ kpi
INSERT INTO kpi_daily AS k (dimension, day, team, key, created, resolved, closed, reopened, invalid_reports,
                            backlog_change, satisfaction_sum, satisfaction_count, resolve_seconds, timed_resolutions)
SELECT d.dimension, t.day, t.team,
       CASE d.dimension WHEN 'all' THEN '' WHEN 'category' THEN t.category ELSE t.priority END,
       sum(created), sum(resolved), sum(closed), sum(reopened), sum(invalid), sum(backlog), sum(sat_sum), sum(sat_n),
       sum(res_seconds), sum(timed)
  FROM (SELECT team, category, priority, (created_at AT TIME ZONE 'UTC')::date AS day,
               1 AS created, 0 AS resolved, 0 AS closed, 0 AS reopened, 0 AS invalid, 1 AS backlog,
               0 AS sat_sum, 0 AS sat_n, 0::bigint AS res_seconds, 0 AS timed
          FROM bench_issue
        UNION ALL -- the resolution a reopen took back: counted, its resolve time withdrawn again
        SELECT team, category, priority, ((created_at + make_interval(secs => 0.5 * res_s)) AT TIME ZONE 'UTC')::date,
               0, 1, 0, 0, 0, -1, 0, 0, 0, 0
          FROM bench_issue WHERE reopened
        UNION ALL
        SELECT team, category, priority, ((created_at + make_interval(secs => 0.7 * res_s)) AT TIME ZONE 'UTC')::date,
               0, 0, 0, 1, 0, 1, 0, 0, 0, 0
          FROM bench_issue WHERE reopened
        UNION ALL
        SELECT team, category, priority, ((created_at + make_interval(secs => res_s)) AT TIME ZONE 'UTC')::date,
               0, 1, 0, 0, 0, -1, 0, 0, floor(res_s)::bigint, 1
          FROM bench_issue WHERE res_s IS NOT NULL
        UNION ALL
        SELECT team, category, priority, ((created_at + make_interval(secs => close_s)) AT TIME ZONE 'UTC')::date,
               0, 0, 1, 0, 0, 0, coalesce(satisfaction, 0), (satisfaction IS NOT NULL)::int, 0, 0
          FROM bench_issue WHERE close_s IS NOT NULL
        UNION ALL
        SELECT team, category, priority, ((created_at + make_interval(secs => cancel_s)) AT TIME ZONE 'UTC')::date,
               0, 0, 0, 0, 1, -1, 0, 0, 0, 0
          FROM bench_issue WHERE cancel_s IS NOT NULL) t
 CROSS JOIN (VALUES ('all'), ('category'), ('priority')) AS d(dimension)
 GROUP BY 1, 2, 3, 4
 ORDER BY 2, 3
ON CONFLICT (dimension, day, team, key) DO UPDATE SET
    created = k.created + excluded.created, resolved = k.resolved + excluded.resolved,
    closed = k.closed + excluded.closed, reopened = k.reopened + excluded.reopened,
    invalid_reports = k.invalid_reports + excluded.invalid_reports,
    backlog_change = k.backlog_change + excluded.backlog_change,
    satisfaction_sum = k.satisfaction_sum + excluded.satisfaction_sum,
    satisfaction_count = k.satisfaction_count + excluded.satisfaction_count,
    resolve_seconds = k.resolve_seconds + excluded.resolve_seconds,
    timed_resolutions = k.timed_resolutions + excluded.timed_resolutions;
-- @@ kpi
-- The monthly roll-up (V63) is by definition kpi_daily summed per month.
DELETE FROM kpi_monthly;
-- @@ kpi
INSERT INTO kpi_monthly (dimension, month, team, key, created, resolved, closed, reopened, invalid_reports,
                         backlog_change, satisfaction_sum, satisfaction_count, resolve_seconds, timed_resolutions)
SELECT dimension, date_trunc('month', day)::date, team, key, sum(created), sum(resolved), sum(closed), sum(reopened),
       sum(invalid_reports), sum(backlog_change), sum(satisfaction_sum), sum(satisfaction_count), sum(resolve_seconds),
       sum(timed_resolutions)
  FROM kpi_daily
 GROUP BY 1, 2, 3, 4
 ORDER BY 2;
-- @@ kpi
-- The counters over all teams (V90) are by definition kpi_daily summed over teams, per day and per month.
DELETE FROM kpi_all_teams;
-- @@ kpi
INSERT INTO kpi_all_teams (dimension, span, day, key, created, resolved, closed, reopened, invalid_reports,
                           backlog_change, satisfaction_sum, satisfaction_count, resolve_seconds, timed_resolutions)
SELECT dimension, s.span, CASE s.span WHEN 'day' THEN day ELSE date_trunc('month', day)::date END, key,
       sum(created), sum(resolved), sum(closed), sum(reopened), sum(invalid_reports), sum(backlog_change),
       sum(satisfaction_sum), sum(satisfaction_count), sum(resolve_seconds), sum(timed_resolutions)
  FROM kpi_daily
 CROSS JOIN (VALUES ('day'), ('month')) AS s (span)
 GROUP BY 1, 2, 3, 4
 ORDER BY 3;
-- @@ kpi
-- Duration histograms (V40, one array of bucket counts per row since V82), where the service has them: as its
-- migration and projection compute them.
DO $$
BEGIN
    IF to_regclass('kpi_duration_daily') IS NOT NULL THEN
        INSERT INTO kpi_duration_daily AS h (measure, dimension, day, key, n, seconds, counts)
        SELECT measure, dimension, day, key, sum(n), sum(seconds), histogram_of(bucket, n)
          FROM (SELECT m.measure, d.dimension,
                       (CASE m.measure WHEN 'first_response' THEN i.first_response_at ELSE i.resolved_at END
                        AT TIME ZONE 'UTC')::date AS day,
                       CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN i.team WHEN 'category' THEN i.category
                                        ELSE i.priority END AS key,
                       CAST(floor(ln(greatest(m.seconds, 1)) / ln(1.05)) AS integer) AS bucket,
                       CAST(count(*) AS integer) AS n, sum(m.seconds) AS seconds
                  FROM kpi_issue i
                  JOIN bench_issue USING (issue_id)
                 CROSS JOIN LATERAL (VALUES ('first_response', i.first_response_seconds),
                                            ('resolution', i.resolve_seconds)) AS m (measure, seconds)
                 CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
                 WHERE m.seconds IS NOT NULL
                 GROUP BY 1, 2, 3, 4, 5) AS b
         GROUP BY 1, 2, 3, 4
         ORDER BY 3
        ON CONFLICT (measure, dimension, day, key)
            DO UPDATE SET n = h.n + excluded.n, seconds = h.seconds + excluded.seconds,
                          counts = histogram_add(h.counts, excluded.counts);
    END IF;
END $$;
-- @@ kpi
-- The weekly and monthly duration histograms (V64) are by definition the daily ones summed.
DELETE FROM kpi_duration_rollup;
-- @@ kpi
INSERT INTO kpi_duration_rollup (measure, dimension, span, day, key, n, seconds, counts)
SELECT measure, dimension, s.span, date_trunc(s.span, day)::date, key, sum(n), sum(seconds), histogram_sum(counts)
  FROM kpi_duration_daily
 CROSS JOIN (VALUES ('week'), ('month')) AS s (span)
 GROUP BY 1, 2, 3, 4, 5
 ORDER BY 4;
-- @@ sla
INSERT INTO sla_issue (issue_id, team, category, priority, created_at, policy_id, policy_version, last_sequence)
SELECT issue_id, team, category, priority, created_at, 'default', 1, 10 FROM bench_issue ORDER BY created_at;
-- @@ sla
INSERT INTO sla_clock (issue_id, clock, policy_id, policy_version, priority, target_ms, started_at, warning_at, due_at,
                       elapsed_ms, running_since, paused_since, pause_reason, pauses, paused_ms, paused_wall_ms,
                       warned_at, breached_at, stopped_at, met)
SELECT issue_id, clock, 'default', 1, priority, round(target_s * 1000)::bigint, created_at,
       created_at + make_interval(secs => 0.8 * target_s), created_at + make_interval(secs => target_s),
       round(coalesce(stop_s, pause_s, 0) * 1000)::bigint,
       CASE WHEN stop_s IS NULL AND pause_s IS NULL THEN created_at END,
       created_at + make_interval(secs => pause_s), CASE WHEN pause_s IS NOT NULL THEN 'waiting for customer' END,
       (pause_s IS NOT NULL)::int, 0, 0,
       CASE WHEN coalesce(stop_s, pause_s, age_s) >= 0.8 * target_s THEN created_at + make_interval(secs => 0.8 * target_s) END,
       CASE WHEN coalesce(stop_s, pause_s, age_s) > target_s THEN created_at + make_interval(secs => target_s) END,
       created_at + make_interval(secs => stop_s), stop_s <= target_s
  FROM (SELECT issue_id, priority, created_at, age_s, 'FIRST_RESPONSE' AS clock, fr_target_s AS target_s,
               fr_clock_s AS stop_s, NULL::double precision AS pause_s
          FROM bench_issue
        UNION ALL
        SELECT issue_id, priority, created_at, age_s, 'RESOLUTION', res_target_s, res_clock_s, hold_s
          FROM bench_issue) clocks
 ORDER BY created_at, issue_id;
-- @@ sla
INSERT INTO sla_fact (issue_id, sequence, occurred_at, fact, priority)
SELECT issue_id, 0, created_at, 'CREATED', priority FROM bench_issue
UNION ALL SELECT issue_id, 6, created_at + make_interval(secs => ack_s), 'FIRST_RESPONSE', NULL
            FROM bench_issue WHERE ack_s IS NOT NULL
UNION ALL SELECT issue_id, 8, created_at + make_interval(secs => hold_s), 'ON_HOLD', NULL
            FROM bench_issue WHERE hold_s IS NOT NULL
UNION ALL SELECT issue_id, 9, created_at + make_interval(secs => res_s), 'RESOLVED', NULL
            FROM bench_issue WHERE res_s IS NOT NULL
UNION ALL SELECT issue_id, 9, created_at + make_interval(secs => cancel_s), 'CANCELLED', NULL
            FROM bench_issue WHERE cancel_s IS NOT NULL
 ORDER BY 3;
-- @@ sla
-- Compliance counters and elapsed-time histograms (V61), as the projection keeps them: per start day and month of
-- each clock, in total and per team, category and priority.
INSERT INTO sla_compliance_daily AS d (dimension, span, day, key, clock, met, breached, running, stopped, stopped_ms)
SELECT dm.dimension, s.span, s.day,
       CASE dm.dimension WHEN 'all' THEN '' WHEN 'team' THEN coalesce(i.team, '')
                         WHEN 'category' THEN coalesce(i.category, '') ELSE coalesce(c.priority, '') END,
       c.clock,
       count(*) FILTER (WHERE c.state = 'MET'), count(*) FILTER (WHERE c.state = 'BREACHED'),
       count(*) FILTER (WHERE c.state IN ('RUNNING', 'PAUSED')), count(*) FILTER (WHERE c.stopped_at IS NOT NULL),
       coalesce(sum(c.elapsed_ms) FILTER (WHERE c.stopped_at IS NOT NULL), 0)
  FROM sla_clock c
  JOIN sla_issue i ON i.issue_id = c.issue_id
  JOIN bench_issue b ON b.issue_id = c.issue_id
 CROSS JOIN LATERAL (VALUES ('day', (c.started_at AT TIME ZONE 'UTC')::date),
                            ('month', date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date)) AS s (span, day)
 CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS dm (dimension)
 GROUP BY 1, 2, 3, 4, 5
 ORDER BY 3
ON CONFLICT (dimension, span, day, key, clock) DO UPDATE SET
    met = d.met + excluded.met, breached = d.breached + excluded.breached, running = d.running + excluded.running,
    stopped = d.stopped + excluded.stopped, stopped_ms = d.stopped_ms + excluded.stopped_ms;
-- @@ sla
-- One row per day / week / month, key and clock, its buckets in one array (V83), as the projection keeps them.
INSERT INTO sla_duration_daily AS h (dimension, span, day, key, clock, counts, n, ms)
SELECT dimension, span, day, key, clock, histogram_of(bucket, CAST(n AS integer)), sum(n), sum(ms)
  FROM (SELECT dm.dimension, s.span, s.day,
               CASE dm.dimension WHEN 'all' THEN '' WHEN 'team' THEN coalesce(i.team, '')
                                 WHEN 'category' THEN coalesce(i.category, '') ELSE coalesce(c.priority, '') END AS key,
               c.clock, CAST(floor(ln(greatest(c.elapsed_ms / 1000.0, 1)) / ln(1.05)) AS integer) AS bucket,
               count(*) AS n, sum(c.elapsed_ms) AS ms
          FROM sla_clock c
          JOIN sla_issue i ON i.issue_id = c.issue_id
          JOIN bench_issue b ON b.issue_id = c.issue_id
         CROSS JOIN LATERAL (VALUES ('day', (c.started_at AT TIME ZONE 'UTC')::date),
                                    -- the histograms also per ISO week (V67)
                                    ('week', date_trunc('week', c.started_at AT TIME ZONE 'UTC')::date),
                                    ('month', date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date))
               AS s (span, day)
         CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS dm (dimension)
         WHERE c.stopped_at IS NOT NULL
         GROUP BY 1, 2, 3, 4, 5, 6) AS b
 GROUP BY 1, 2, 3, 4, 5
 ORDER BY 3
ON CONFLICT (dimension, span, day, key, clock) DO UPDATE SET
    counts = histogram_add(h.counts, excluded.counts), n = h.n + excluded.n, ms = h.ms + excluded.ms;
-- @@ status
INSERT INTO projection_status (consumer_group, last_global_position, last_recorded_at, last_applied_at)
VALUES ('issueledger-query', :n * 12, :anchor::timestamptz, now())
ON CONFLICT (consumer_group) DO NOTHING;
-- @@ cleanup
DROP TABLE bench_issue;
