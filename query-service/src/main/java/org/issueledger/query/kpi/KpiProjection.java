package org.issueledger.query.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.issue.CoHandlerAdded;
import org.issueledger.events.issue.CoHandlerRemoved;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueClosed;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEscalated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssuePutOnHold;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.IssueResumed;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.TeamAssigned;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionAccepted;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaClockPaused;
import org.issueledger.events.issue.SlaClockResumed;
import org.issueledger.events.issue.SlaClockStarted;
import org.issueledger.events.issue.SlaClockStopped;
import org.issueledger.events.issue.SlaPolicyAttached;
import org.issueledger.events.issue.SlaWarningReached;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.query.consuming.BulkRows;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.CopyRows;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.issueledger.query.histogram.LogHistogram;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the KPI read model: daily counters per team in total, per category and per priority
 * ({@code kpi_daily}), and one row per issue ({@code kpi_issue}) with its current classification, owner,
 * whether it is in work, and the times its durations run between.
 *
 * <p>A batch is folded in memory: the rows of its issues are read in one query, every event moves its issue on
 * there, and what the events add to the daily counters and duration histograms is summed per key first; then each
 * table is written with one statement. The result is the one applying the events one by one would leave.
 *
 * <p>Idempotent by the per-issue guard: an event counts only if its sequence is past {@code kpi_issue.last_sequence}
 * (as the batch has moved it so far); a redelivered event, also one repeated within a batch, changes nothing. Most
 * events change nothing but the guard, an unindexed column, so PostgreSQL updates their row in place (HOT).
 */
@Component
class KpiProjection implements Projection {

    static final String ALL = "all";
    static final String CATEGORY = "category";
    static final String PRIORITY = "priority";

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    KpiProjection(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * The month and week roll-ups (V63, V64) sum the daily rows; a replay fills them once from those, and the daily
     * rows themselves from what each batch appended to the staging tables (V80).
     */
    private static final ReadModel TABLES = ReadModel.of("kpi", "kpi_issue", "kpi_daily", "kpi_duration_daily",
            "kpi_monthly", "kpi_all_teams", "kpi_duration_rollup", "kpi_daily_replay", "kpi_duration_replay")
            .derivedAfterReplay(
            new ReadModel.Derived("kpi_daily", """
                    INSERT INTO kpi_daily (dimension, day, team, key, created, resolved, closed, reopened,
                                           invalid_reports, backlog_change, satisfaction_sum, satisfaction_count,
                                           resolve_seconds, timed_resolutions)
                    SELECT dimension, day, team, key, sum(created), sum(resolved), sum(closed), sum(reopened),
                           sum(invalid_reports), sum(backlog_change), sum(satisfaction_sum), sum(satisfaction_count),
                           sum(resolve_seconds), sum(timed_resolutions)
                      FROM kpi_daily_replay
                     GROUP BY 1, 2, 3, 4
                    """),
            // Grouped per bucket with the built-in sums first, then one array per row (V82), both by built-in
            // functions only (see LogHistogram.arraysOf).
            new ReadModel.Derived("kpi_duration_daily", """
                    INSERT INTO kpi_duration_daily (measure, dimension, day, key, n, seconds, counts)
                    WITH b AS (
                        SELECT measure, dimension, day, key, %s AS bucket, CAST(sum(sign) AS integer) AS n,
                               sum(sign * seconds) AS seconds
                          FROM (SELECT measure, dimension, day, key, sign,
                                       extract(epoch FROM at - created_at)::double precision AS seconds
                                  FROM kpi_duration_replay) AS c
                         GROUP BY 1, 2, 3, 4, 5)
                    SELECT r.measure, r.dimension, r.day, r.key, r.n, r.seconds, coalesce(a.counts, '{}')
                      FROM (SELECT measure, dimension, day, key, sum(n) AS n, sum(seconds) AS seconds
                              FROM b
                             GROUP BY 1, 2, 3, 4) AS r
                      LEFT JOIN (%s) AS a USING (measure, dimension, day, key)
                    """.formatted(LogHistogram.bucketOf("seconds"),
                    LogHistogram.arraysOf("measure, dimension, day, key", "b"))),
            new ReadModel.Derived("kpi_monthly", """
                    INSERT INTO kpi_monthly (dimension, month, team, key, created, resolved, closed, reopened,
                                             invalid_reports, backlog_change, satisfaction_sum, satisfaction_count,
                                             resolve_seconds, timed_resolutions)
                    SELECT dimension, CAST(date_trunc('month', day) AS date), team, key, sum(created), sum(resolved),
                           sum(closed), sum(reopened), sum(invalid_reports), sum(backlog_change), sum(satisfaction_sum),
                           sum(satisfaction_count), sum(resolve_seconds), sum(timed_resolutions)
                      FROM kpi_daily
                     GROUP BY 1, 2, 3, 4
                    """),
            // over all teams (V90): the days from kpi_daily, the months from kpi_monthly, which sums those days
            allTeams("day", "kpi_daily", "day"),
            allTeams("month", "kpi_monthly", "month"),
            // The daily arrays' non-zero counts taken apart and summed per bucket: histogram_sum (V81) would walk
            // every array's whole width in PL/pgSQL, ~100 steps for a handful of durations.
            new ReadModel.Derived("kpi_duration_rollup", """
                    INSERT INTO kpi_duration_rollup (measure, dimension, span, day, key, n, seconds, counts)
                    WITH b AS (
                        SELECT measure, dimension, s.span, CAST(date_trunc(s.span, day) AS date) AS day, key,
                               CAST(array_lower(counts, 1) + e.o - 1 AS integer) AS bucket,
                               CAST(sum(e.n) AS integer) AS n
                          FROM kpi_duration_daily
                         CROSS JOIN LATERAL unnest(counts) WITH ORDINALITY AS e (n, o)
                         CROSS JOIN (VALUES ('week'), ('month')) AS s (span)
                         WHERE e.n <> 0
                         GROUP BY 1, 2, 3, 4, 5, 6)
                    SELECT r.measure, r.dimension, r.span, r.day, r.key, r.n, r.seconds, coalesce(a.counts, '{}')
                      FROM (SELECT measure, dimension, s.span, CAST(date_trunc(s.span, day) AS date) AS day, key,
                                   sum(n) AS n, sum(seconds) AS seconds
                              FROM kpi_duration_daily
                             CROSS JOIN (VALUES ('week'), ('month')) AS s (span)
                             GROUP BY 1, 2, 3, 4, 5) AS r
                      LEFT JOIN (%s) AS a USING (measure, dimension, span, day, key)
                    """.formatted(LogHistogram.arraysOf("measure, dimension, span, day, key", "b"))))
            .stagedInReplay("kpi_daily_replay", "kpi_duration_replay");

    /** kpi_all_teams' rows of one span: {@code source}'s counters (per {@code period}) summed over teams. */
    private static ReadModel.Derived allTeams(String span, String source, String period) {
        return new ReadModel.Derived("kpi_all_teams", """
                INSERT INTO kpi_all_teams (dimension, span, day, key, created, resolved, closed, reopened,
                                           invalid_reports, backlog_change, satisfaction_sum, satisfaction_count,
                                           resolve_seconds, timed_resolutions)
                SELECT dimension, '%s', %s, key, sum(created), sum(resolved), sum(closed), sum(reopened),
                       sum(invalid_reports), sum(backlog_change), sum(satisfaction_sum), sum(satisfaction_count),
                       sum(resolve_seconds), sum(timed_resolutions)
                  FROM %s
                 GROUP BY 1, 2, 3, 4
                """.formatted(span, period, source));
    }

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    @Override
    public void applyAll(List<ConsumedEvent> batch) {
        apply(batch, true);
    }

    @Override
    public void replayAll(List<ConsumedEvent> batch) {
        apply(batch, false);
    }

    private void apply(List<ConsumedEvent> batch, boolean keepRollups) {
        Fold fold = new Fold(load(batch), keepRollups);
        batch.forEach(fold::apply);
        fold.write();
    }

    private Map<UUID, TrackedIssue> load(List<ConsumedEvent> batch) {
        Map<UUID, TrackedIssue> issues = new HashMap<>();
        jdbc.sql("""
                        SELECT issue_id, team, category, component, priority, owner, created_at, open,
                               first_response_at, resolved_at, last_sequence
                          FROM kpi_issue
                         WHERE issue_id IN (SELECT unnest(CAST(:ids AS uuid[])))
                        """)
                .param("ids", BulkRows.array(batch.stream().map(ConsumedEvent::issueId).distinct().toList()))
                .query((rs, row) -> new TrackedIssue(
                        rs.getObject("issue_id", UUID.class),
                        rs.getString("team"),
                        rs.getString("category"),
                        rs.getString("component"),
                        rs.getString("priority"),
                        rs.getString("owner"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getBoolean("open"),
                        instant(rs.getObject("first_response_at", OffsetDateTime.class)),
                        instant(rs.getObject("resolved_at", OffsetDateTime.class)),
                        rs.getLong("last_sequence"),
                        false))
                .list()
                .forEach(issue -> issues.put(issue.issueId, issue));
        return issues;
    }

    /** One batch: its issues as the events leave them, and what the events add to the counters. */
    private final class Fold {

        private final Map<UUID, TrackedIssue> issues;
        private final Map<DailyKey, long[]> daily = new LinkedHashMap<>();
        private final List<DurationChange> durations = new ArrayList<>();
        /** False in a replay, which stages the daily sums and derives every counter table once it has caught up. */
        private final boolean keepRollups;

        Fold(Map<UUID, TrackedIssue> issues, boolean keepRollups) {
            this.issues = issues;
            this.keepRollups = keepRollups;
        }

        // Java 17 has no pattern switch over the sealed IssueEvent; KpisHandleEveryEventTest sends every permitted
        // type through this chain, so an event added to the contract fails the build until it is named here.
        void apply(ConsumedEvent event) {
            IssueEvent payload = event.payload();
            LocalDate today = day(event.occurredAt());
            if (payload instanceof IssueCreated e) {
                created(event, e);
                return;
            }
            TrackedIssue issue = advance(event);
            if (payload instanceof OwnerAssigned e) {
                if (issue != null) {
                    issue.owner = e.owner();
                }
            } else if (payload instanceof TeamAssigned) {
                // The daily counters stay under the team the issue was created with: moving its history between
                // teams would rewrite figures already reported. The guard still moves on.
            } else if (payload instanceof IssueAcknowledged) {
                if (issue != null) {
                    firstResponse(issue, event.occurredAt());
                }
            } else if (payload instanceof CommentAdded e) {
                if (issue != null && e.firstResponse()) {
                    firstResponse(issue, event.occurredAt());
                }
            } else if (payload instanceof PriorityChanged e) {
                if (issue != null) {
                    move(issue, PRIORITY, issue.priority, name(e.priority()), today);
                    regrouped(issue, () -> issue.priority = name(e.priority()));
                }
            } else if (payload instanceof IssueReclassified e) {
                if (issue != null) {
                    move(issue, CATEGORY, issue.category, blankIfNull(e.category()), today);
                    regrouped(issue, () -> {
                        issue.category = blankIfNull(e.category());
                        issue.component = blankIfNull(e.component());
                    });
                }
            } else if (payload instanceof IssueResolved) {
                if (issue != null) {
                    long seconds = Duration.between(issue.createdAt, event.occurredAt()).getSeconds();
                    tally(issue, today, Tally.resolution(issue.open, seconds));
                    issue.open = false;
                    issue.resolvedAt = event.occurredAt();
                    duration(issue, Kpis.Measured.RESOLUTION, 1);
                }
            } else if (payload instanceof ResolutionRejected || payload instanceof IssueReopened) {
                if (issue != null) {
                    if (issue.resolvedAt != null) {
                        // Its category and priority cannot have changed since: both are frozen once resolved.
                        tally(issue, day(issue.resolvedAt), Tally.resolutionWithdrawn(
                                Duration.between(issue.createdAt, issue.resolvedAt).getSeconds()));
                        duration(issue, Kpis.Measured.RESOLUTION, -1);
                    }
                    tally(issue, today, Tally.reopen(issue.open));
                    issue.open = true;
                    issue.resolvedAt = null;
                }
            } else if (payload instanceof IssueClosed e) {
                if (issue != null) {
                    tally(issue, today, Tally.closure(e.satisfaction()));
                }
            } else if (payload instanceof IssueCancelled) {
                // Every cancel reason (invalid, duplicate, false report) is an invalid report.
                if (issue != null) {
                    tally(issue, today, Tally.invalidReport(issue.open));
                    issue.open = false;
                }
            } else if (payload instanceof CoHandlerAdded || payload instanceof CoHandlerRemoved
                    || payload instanceof WorkStarted || payload instanceof IssuePutOnHold
                    || payload instanceof IssueResumed || payload instanceof IssueEscalated
                    || payload instanceof ResolutionAccepted || payload instanceof SlaPolicyAttached
                    || payload instanceof SlaClockStarted || payload instanceof SlaClockPaused
                    || payload instanceof SlaClockResumed || payload instanceof SlaWarningReached
                    || payload instanceof SlaBreached || payload instanceof SlaClockStopped) {
                // No KPI depends on these (SLA compliance is the SLA read model's); the guard still moves on.
            } else {
                throw new IllegalArgumentException("The KPIs do not handle " + payload.getClass().getName());
            }
        }

        /** A creation seen before (stored, or earlier in this batch) changes nothing. */
        private void created(ConsumedEvent event, IssueCreated e) {
            if (issues.containsKey(event.issueId())) {
                return;
            }
            TrackedIssue issue = new TrackedIssue(event.issueId(), blankIfNull(e.team()), blankIfNull(e.category()),
                    blankIfNull(e.component()), name(e.priority()), null, event.occurredAt(), true, null, null,
                    event.sequence(), true);
            issues.put(issue.issueId, issue);
            tally(issue, day(event.occurredAt()), Tally.newIssue());
        }

        /**
         * Moves the guard past this event and answers the issue as it was before it; null when the event was
         * applied already or its issue is unknown here.
         */
        private TrackedIssue advance(ConsumedEvent event) {
            TrackedIssue issue = issues.get(event.issueId());
            if (issue == null || issue.lastSequence >= event.sequence()) {
                return null;
            }
            issue.lastSequence = event.sequence();
            issue.changed = true;
            return issue;
        }

        private void firstResponse(TrackedIssue issue, Instant at) {
            if (issue.firstResponseAt == null) {
                issue.firstResponseAt = at;
                duration(issue, Kpis.Measured.FIRST_RESPONSE, 1);
            }
        }

        /** The issue's durations move with it when what they are grouped by (category, priority) changes. */
        private void regrouped(TrackedIssue issue, Runnable change) {
            duration(issue, Kpis.Measured.FIRST_RESPONSE, -1);
            duration(issue, Kpis.Measured.RESOLUTION, -1);
            change.run();
            duration(issue, Kpis.Measured.FIRST_RESPONSE, 1);
            duration(issue, Kpis.Measured.RESOLUTION, 1);
        }

        /**
         * Adds (+1) or takes back (-1) the issue's duration of one measure in {@code kpi_duration_daily}, as its row
         * stands now (nothing when it has none), so that a taking back matches the adding to the bucket.
         */
        private void duration(TrackedIssue issue, Kpis.Measured measured, int sign) {
            Instant at = measured == Kpis.Measured.FIRST_RESPONSE ? issue.firstResponseAt : issue.resolvedAt;
            if (at == null) {
                return;
            }
            LocalDate day = day(at);
            String measure = measured.histogramName();
            durations.add(new DurationChange(measure, ALL, day, "", issue.createdAt, at, sign));
            durations.add(new DurationChange(measure, "team", day, issue.team, issue.createdAt, at, sign));
            durations.add(new DurationChange(measure, CATEGORY, day, issue.category, issue.createdAt, at, sign));
            durations.add(new DurationChange(measure, PRIORITY, day, issue.priority, issue.createdAt, at, sign));
        }

        /**
         * The issue now counts under another category or priority: its creation moves on its creation day, and
         * while it is in work, its place in the backlog moves from today on.
         */
        private void move(TrackedIssue issue, String dimension, String from, String to, LocalDate today) {
            if (from.equals(to)) {
                return;
            }
            LocalDate createdOn = day(issue.createdAt);
            add(dimension, createdOn, issue.team, from, Tally.createdMoved(-1));
            add(dimension, createdOn, issue.team, to, Tally.createdMoved(1));
            if (issue.open) {
                add(dimension, today, issue.team, from, Tally.backlogMoved(-1));
                add(dimension, today, issue.team, to, Tally.backlogMoved(1));
            }
        }

        /** Counts the event for the issue's team in total, under its category and under its priority. */
        private void tally(TrackedIssue issue, LocalDate day, Tally tally) {
            add(ALL, day, issue.team, "", tally);
            add(CATEGORY, day, issue.team, issue.category, tally);
            add(PRIORITY, day, issue.team, issue.priority, tally);
        }

        private void add(String dimension, LocalDate day, String team, String key, Tally tally) {
            long[] sums = daily.computeIfAbsent(new DailyKey(dimension, day, team, key), k -> new long[10]);
            sums[0] += tally.created();
            sums[1] += tally.resolved();
            sums[2] += tally.closed();
            sums[3] += tally.reopened();
            sums[4] += tally.invalidReports();
            sums[5] += tally.backlogChange();
            sums[6] += tally.satisfactionSum();
            sums[7] += tally.satisfactionCount();
            sums[8] += tally.resolveSeconds();
            sums[9] += tally.timedResolutions();
        }

        void write() {
            writeIssues();
            writeDaily();
            writeDurations();
        }

        private void writeIssues() {
            BulkRows created = new BulkRows("issue_id", "team", "category", "component", "priority", "owner",
                    "created_at", "open", "first_response_at", "resolved_at", "last_sequence");
            BulkRows changed = new BulkRows("issue_id", "category", "component", "priority", "owner", "open",
                    "first_response_at", "resolved_at", "last_sequence");
            for (TrackedIssue issue : issues.values()) {
                if (issue.created) {
                    created.add(issue.issueId, issue.team, issue.category, issue.component, issue.priority,
                            issue.owner, issue.createdAt, issue.open, issue.firstResponseAt, issue.resolvedAt,
                            issue.lastSequence);
                } else if (issue.changed) {
                    changed.add(issue.issueId, issue.category, issue.component, issue.priority, issue.owner,
                            issue.open, issue.firstResponseAt, issue.resolvedAt, issue.lastSequence);
                }
            }
            if (!created.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO kpi_issue (issue_id, team, category, component, priority, owner, created_at,
                                                       open, first_response_at, resolved_at, last_sequence)
                                SELECT * FROM unnest(CAST(:issue_id AS uuid[]), CAST(:team AS text[]),
                                                     CAST(:category AS text[]), CAST(:component AS text[]),
                                                     CAST(:priority AS text[]), CAST(:owner AS text[]),
                                                     CAST(:created_at AS timestamptz[]), CAST(:open AS boolean[]),
                                                     CAST(:first_response_at AS timestamptz[]),
                                                     CAST(:resolved_at AS timestamptz[]), CAST(:last_sequence AS bigint[]))
                                ON CONFLICT (issue_id) DO NOTHING
                                """)
                        .params(created.params())
                        .update();
            }
            if (!changed.isEmpty()) {
                // The guard once more in SQL: should another consumer have got further meanwhile, its row stands.
                jdbc.sql("""
                                UPDATE kpi_issue i
                                   SET category = u.category, component = u.component, priority = u.priority,
                                       owner = u.owner, open = u.open, first_response_at = u.first_response_at,
                                       resolved_at = u.resolved_at, last_sequence = u.last_sequence
                                  FROM unnest(CAST(:issue_id AS uuid[]), CAST(:category AS text[]),
                                              CAST(:component AS text[]), CAST(:priority AS text[]),
                                              CAST(:owner AS text[]), CAST(:open AS boolean[]),
                                              CAST(:first_response_at AS timestamptz[]),
                                              CAST(:resolved_at AS timestamptz[]), CAST(:last_sequence AS bigint[]))
                                       AS u (issue_id, category, component, priority, owner, open, first_response_at,
                                             resolved_at, last_sequence)
                                 WHERE i.issue_id = u.issue_id AND i.last_sequence < u.last_sequence
                                """)
                        .params(changed.params())
                        .update();
            }
        }

        private void writeDaily() {
            if (daily.isEmpty()) {
                return;
            }
            if (!keepRollups) {
                // A replay: appended, summed into kpi_daily once it has caught up.
                CopyRows rows = new CopyRows("kpi_daily_replay", "dimension", "day", "team", "key", "created",
                        "resolved", "closed", "reopened", "invalid_reports", "backlog_change", "satisfaction_sum",
                        "satisfaction_count", "resolve_seconds", "timed_resolutions");
                daily.forEach((key, n) -> rows.add(key.dimension(), key.day(), key.team(), key.key(), n[0], n[1],
                        n[2], n[3], n[4], n[5], n[6], n[7], n[8], n[9]));
                rows.copyInto(jdbcTemplate);
                return;
            }
            addTo("kpi_daily", "day", daily);
            // The month's row moves with its days, so a long period reads whole months plus the days at its ends.
            Map<DailyKey, long[]> monthly = new LinkedHashMap<>();
            daily.forEach((key, sums) -> {
                long[] month = monthly.computeIfAbsent(new DailyKey(key.dimension(), key.day().withDayOfMonth(1),
                        key.team(), key.key()), k -> new long[sums.length]);
                for (int i = 0; i < sums.length; i++) {
                    month[i] += sums[i];
                }
            });
            addTo("kpi_monthly", "month", monthly);
            // And both over all teams (V90): answers not by team read one row per key instead of one per team and key.
            Map<DailyKey, long[]> allTeams = new LinkedHashMap<>();
            daily.forEach((key, sums) -> {
                addInto(allTeams, new DailyKey(key.dimension(), key.day(), "day", key.key()), sums);
                addInto(allTeams, new DailyKey(key.dimension(), key.day().withDayOfMonth(1), "month", key.key()), sums);
            });
            addTo("kpi_all_teams", "day", "span", allTeams);
        }

        private void addInto(Map<DailyKey, long[]> sums, DailyKey key, long[] added) {
            long[] into = sums.computeIfAbsent(key, k -> new long[added.length]);
            for (int i = 0; i < added.length; i++) {
                into[i] += added[i];
            }
        }

        /** Adds the sums to the counters of {@code table} (kpi_daily or kpi_monthly, keyed by their {@code period}). */
        private void addTo(String table, String period, Map<DailyKey, long[]> sums) {
            addTo(table, period, "team", sums);
        }

        /**
         * Adds the sums to the counters of {@code table}, keyed by dimension, {@code period}, {@code group} and key;
         * {@code group} is the table's column that {@link DailyKey#team} holds: the team, or for kpi_all_teams the span.
         */
        private void addTo(String table, String period, String group, Map<DailyKey, long[]> sums) {
            BulkRows rows = new BulkRows("dimension", "period", "team", "key", "created", "resolved", "closed",
                    "reopened", "invalid_reports", "backlog_change", "satisfaction_sum", "satisfaction_count",
                    "resolve_seconds", "timed_resolutions");
            sums.forEach((key, n) -> rows.add(key.dimension(), key.day(), key.team(), key.key(), n[0], n[1], n[2], n[3],
                    n[4], n[5], n[6], n[7], n[8], n[9]));
            jdbc.sql("""
                            INSERT INTO %1$s AS c (dimension, %2$s, %3$s, key, created, resolved, closed, reopened,
                                                   invalid_reports, backlog_change, satisfaction_sum, satisfaction_count,
                                                   resolve_seconds, timed_resolutions)
                            SELECT * FROM unnest(CAST(:dimension AS text[]), CAST(:period AS date[]), CAST(:team AS text[]),
                                                 CAST(:key AS text[]), CAST(:created AS int[]), CAST(:resolved AS int[]),
                                                 CAST(:closed AS int[]), CAST(:reopened AS int[]),
                                                 CAST(:invalid_reports AS int[]), CAST(:backlog_change AS int[]),
                                                 CAST(:satisfaction_sum AS int[]), CAST(:satisfaction_count AS int[]),
                                                 CAST(:resolve_seconds AS bigint[]), CAST(:timed_resolutions AS int[]))
                            ON CONFLICT (dimension, %2$s, %3$s, key) DO UPDATE SET
                                created            = c.created + excluded.created,
                                resolved           = c.resolved + excluded.resolved,
                                closed             = c.closed + excluded.closed,
                                reopened           = c.reopened + excluded.reopened,
                                invalid_reports    = c.invalid_reports + excluded.invalid_reports,
                                backlog_change     = c.backlog_change + excluded.backlog_change,
                                satisfaction_sum   = c.satisfaction_sum + excluded.satisfaction_sum,
                                satisfaction_count = c.satisfaction_count + excluded.satisfaction_count,
                                resolve_seconds    = c.resolve_seconds + excluded.resolve_seconds,
                                timed_resolutions  = c.timed_resolutions + excluded.timed_resolutions
                            """.formatted(table, period, group))
                    .params(rows.params())
                    .update();
        }

        /**
         * Seconds and bucket are computed by PostgreSQL, by the very expressions of {@code kpi_issue}'s generated
         * columns and of the queries, so that a bucket added here is the bucket taken back later, to the last bit.
         */
        private void writeDurations() {
            if (durations.isEmpty()) {
                return;
            }
            if (!keepRollups) {
                // A replay: appended as they are, bucketed and summed into kpi_duration_daily once it has caught up.
                CopyRows rows = new CopyRows("kpi_duration_replay", "measure", "dimension", "day", "key", "created_at",
                        "at", "sign");
                durations.forEach(change -> rows.add(change.measure(), change.dimension(), change.day(), change.key(),
                        change.createdAt(), change.at(), change.sign()));
                rows.copyInto(jdbcTemplate);
                return;
            }
            BulkRows rows = new BulkRows("measure", "dimension", "day", "key", "created_at", "at", "sign");
            durations.forEach(change -> rows.add(change.measure(), change.dimension(), change.day(), change.key(),
                    change.createdAt(), change.at(), change.sign()));
            // One statement: the changes are unnested, bucketed and summed per bucket once, for the daily rows and for
            // the same changes summed per week and per month (V64): every row a daily row touched gets its span's.
            String changes = """
                    WITH d AS (
                        SELECT measure, dimension, day, key, sign, seconds, %s AS bucket
                          FROM (SELECT measure, dimension, day, key, sign,
                                       extract(epoch FROM at - created_at)::double precision AS seconds
                                  FROM unnest(CAST(:measure AS text[]), CAST(:dimension AS text[]),
                                              CAST(:day AS date[]), CAST(:key AS text[]),
                                              CAST(:created_at AS timestamptz[]), CAST(:at AS timestamptz[]),
                                              CAST(:sign AS int[]))
                                       AS c (measure, dimension, day, key, created_at, at, sign)) AS c)
                    """.formatted(LogHistogram.bucketOf("seconds"));
            // Per row: its buckets' counts as one array, merged into the stored one (V81 keeps it canonical).
            String buckets = """
                    , b AS (
                        SELECT measure, dimension, day, key, bucket, CAST(sum(sign) AS integer) AS n,
                               sum(sign * seconds) AS seconds
                          FROM d
                         GROUP BY 1, 2, 3, 4, 5)
                    """;
            String daily = """
                    INSERT INTO kpi_duration_daily AS h (measure, dimension, day, key, n, seconds, counts)
                    SELECT measure, dimension, day, key, sum(n), sum(seconds), histogram_of(bucket, n)
                      FROM b
                     GROUP BY 1, 2, 3, 4
                    ON CONFLICT (measure, dimension, day, key) DO UPDATE
                        SET n = h.n + excluded.n, seconds = h.seconds + excluded.seconds,
                            counts = histogram_add(h.counts, excluded.counts)
                    """;
            String rollups = """
                    INSERT INTO kpi_duration_rollup AS h (measure, dimension, span, day, key, n, seconds, counts)
                    SELECT measure, dimension, s.span, CAST(date_trunc(s.span, day) AS date), key, sum(n),
                           sum(seconds), histogram_of(bucket, n)
                      FROM b
                     CROSS JOIN (VALUES ('week'), ('month')) AS s (span)
                     GROUP BY 1, 2, 3, 4, 5
                    ON CONFLICT (measure, dimension, span, day, key) DO UPDATE
                        SET n = h.n + excluded.n, seconds = h.seconds + excluded.seconds,
                            counts = histogram_add(h.counts, excluded.counts)
                    """;
            jdbc.sql(changes + buckets + ", daily AS (" + daily + ")\n" + rollups)
                    .params(rows.params())
                    .update();
        }
    }

    /** Days are UTC days: one calendar for every consumer and every instance. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String name(Enum<?> value) {
        return value == null ? "" : value.name();
    }

    /** Absent team or component is stored as '' so it can be part of a key; the API shows it as null. */
    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private record DailyKey(String dimension, LocalDate day, String team, String key) {
    }

    private record DurationChange(String measure, String dimension, LocalDate day, String key, Instant createdAt,
                                  Instant at, int sign) {
    }

    /** An issue's row as the batch has moved it so far. */
    private static final class TrackedIssue {
        final UUID issueId;
        final String team;
        String category;
        String component;
        String priority;
        String owner;
        final Instant createdAt;
        boolean open;
        Instant firstResponseAt;
        Instant resolvedAt;
        long lastSequence;
        /** Not stored yet: created in this batch. */
        final boolean created;
        /** Stored, and moved on by this batch. */
        boolean changed;

        TrackedIssue(UUID issueId, String team, String category, String component, String priority, String owner,
                     Instant createdAt, boolean open, Instant firstResponseAt, Instant resolvedAt, long lastSequence,
                     boolean created) {
            this.issueId = issueId;
            this.team = team;
            this.category = category;
            this.component = component;
            this.priority = priority;
            this.owner = owner;
            this.createdAt = createdAt;
            this.open = open;
            this.firstResponseAt = firstResponseAt;
            this.resolvedAt = resolvedAt;
            this.lastSequence = lastSequence;
            this.created = created;
        }
    }
}
