package org.issueledger.query.sla;

import static org.issueledger.query.sla.PolicySnapshots.instant;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
import org.issueledger.events.issue.Priority;
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
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.consuming.BulkRows;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.issueledger.query.histogram.LogHistogram;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Folds each issue's events into its SLA rows: {@code sla_issue} (grouping dimensions, snapshot, guard),
 * {@code sla_clock} (the measurement the command side recorded, clock by clock), {@code sla_fact} (the lifecycle
 * facts what-if runs the clocks over again) and {@code sla_policy_version}.
 *
 * <p>A batch is folded in memory: the issue and clock rows of its issues are read with one query each, the events
 * move them on there in order, and each table is then written with one statement.
 *
 * <p>Idempotent by the per-issue guard: an event does anything only if its sequence is past
 * {@code sla_issue.last_sequence} (as the batch has moved it so far); a creation seen before changes nothing.
 * Events of an issue whose creation was never seen change nothing.
 */
@Component
class SlaProjection implements Projection {

    private final JdbcClient jdbc;
    private final PolicySnapshots policies;

    SlaProjection(JdbcClient jdbc, PolicySnapshots policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    /**
     * Where each clock counts (V61, V67): its start day, ISO week (histograms only) and month, by all / its issue's
     * team / category / its priority. A replay fills the pre-summed tables once from the clocks, as the migrations that
     * added them did.
     */
    private static String clocksCountedIn(String spans) {
        return """
            FROM (SELECT d.dimension, s.span,
                         CASE s.span WHEN 'day' THEN CAST(c.started_at AT TIME ZONE 'UTC' AS date)
                                     WHEN 'week' THEN CAST(date_trunc('week', c.started_at AT TIME ZONE 'UTC') AS date)
                                     ELSE CAST(date_trunc('month', c.started_at AT TIME ZONE 'UTC') AS date) END AS day,
                         CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN coalesce(i.team, '')
                                          WHEN 'category' THEN coalesce(i.category, '')
                                          ELSE coalesce(c.priority, '') END AS key,
                         c.clock, c.state, c.stopped_at, c.elapsed_ms AS ms
                    FROM sla_clock c
                    JOIN sla_issue i ON i.issue_id = c.issue_id
                   CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
                   CROSS JOIN (VALUES %s) AS s (span)) AS c
          """.formatted(spans);
    }

    private static final ReadModel TABLES = ReadModel.of("sla", "sla_policy_version", "sla_issue", "sla_clock", "sla_fact",
            "sla_compliance_daily", "sla_duration_daily").derivedAfterReplay(
            new ReadModel.Derived("sla_compliance_daily", """
                    INSERT INTO sla_compliance_daily (dimension, span, day, key, clock, met, breached, running, stopped,
                                                      stopped_ms)
                    SELECT dimension, span, day, key, clock,
                           count(*) FILTER (WHERE state = 'MET'), count(*) FILTER (WHERE state = 'BREACHED'),
                           count(*) FILTER (WHERE state IN ('RUNNING', 'PAUSED')),
                           count(*) FILTER (WHERE stopped_at IS NOT NULL),
                           coalesce(sum(ms) FILTER (WHERE stopped_at IS NOT NULL), 0)
                    """ + clocksCountedIn("('day'), ('month')") + """
                     GROUP BY 1, 2, 3, 4, 5
                    """),
            // One statement for every span: the clocks' day bucket rows (the bucket computed once per clock: OFFSET 0
            // keeps the subquery from being merged into the cross join, which would compute its numeric ln once per
            // dimension), weeks and months summed from those bucket rows (a clock's bucket is the same in each span:
            // a third of the rows to group from the clocks), then one array per row with its totals in the same
            // aggregation (LogHistogram.arraysOf). Weeks and months used to be a second statement taking the day
            // rows' arrays apart again (unnest over every array's whole width), the totals a second grouping and
            // a join (the roll-up's n kept bigint, as count(*) gives it: numeric sums are slower to sort and print).
            // bench/README, branch fills8.
            new ReadModel.Derived("sla_duration_daily", """
                    INSERT INTO sla_duration_daily (dimension, span, day, key, clock, counts, n, ms)
                    WITH d AS (
                        SELECT d.dimension, 'day' AS span, c.day,
                               CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN coalesce(c.team, '')
                                                WHEN 'category' THEN coalesce(c.category, '')
                                                ELSE coalesce(c.priority, '') END AS key,
                               c.clock, c.bucket, count(*) AS n, sum(c.ms) AS ms
                          FROM (SELECT c.*, %s AS bucket
                                  FROM (SELECT CAST(c.started_at AT TIME ZONE 'UTC' AS date) AS day, i.team,
                                               i.category, c.priority, c.clock, c.elapsed_ms AS ms
                                          FROM sla_clock c
                                          JOIN sla_issue i ON i.issue_id = c.issue_id
                                         WHERE c.stopped_at IS NOT NULL) AS c
                                OFFSET 0) AS c
                         CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
                         GROUP BY 1, 2, 3, 4, 5, 6),
                    b AS (
                        SELECT dimension, span, day, key, clock, bucket, n, ms FROM d
                        UNION ALL
                        SELECT d.dimension, s.span,
                               CAST(CASE s.span WHEN 'week' THEN date_trunc('week', d.day)
                                                ELSE date_trunc('month', d.day) END AS date) AS day,
                               d.key, d.clock, d.bucket, CAST(sum(d.n) AS bigint) AS n, sum(d.ms) AS ms
                          FROM d
                         CROSS JOIN (VALUES ('week'), ('month')) AS s (span)
                         GROUP BY 1, 2, 3, 4, 5, 6)
                    SELECT dimension, span, day, key, clock, counts, n, ms
                      FROM (%s) AS a
                    """.formatted(Compliance.BUCKET,
                    LogHistogram.arraysOf("dimension, span, day, key, clock", "b", List.of("ms")))));

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

    private void apply(List<ConsumedEvent> batch, boolean keepCounters) {
        Fold fold = new Fold(keepCounters);
        fold.load(batch);
        batch.forEach(fold::apply);
        fold.write();
    }

    /** One batch: its issues and clocks as the events leave them, and the facts and policies they add. */
    private final class Fold {

        private final Map<UUID, Issue> issues = new HashMap<>();
        private final Map<String, Clock> clocks = new LinkedHashMap<>();
        /** What each stored clock counted in before this batch ({@code sla_compliance_daily}), by clock key. */
        private final Map<String, Counted> countedBefore = new HashMap<>();
        private final BulkRows facts = new BulkRows("issue_id", "sequence", "occurred_at", "fact", "priority");
        /** Policy snapshots first seen in this batch, by {@code id:version}, with the time first seen. */
        private final Map<String, Map.Entry<SlaPolicy, Instant>> seenPolicies = new LinkedHashMap<>();
        /** False in a replay, which derives the compliance counters and histograms once it has caught up. */
        private final boolean keepCounters;

        Fold(boolean keepCounters) {
            this.keepCounters = keepCounters;
        }

        void load(List<ConsumedEvent> batch) {
            String ids = BulkRows.array(batch.stream().map(ConsumedEvent::issueId).distinct().toList());
            // "= ANY (array)": an index scan, also on a rebuild's fresh tables, which have no statistics while they grow
            // (with "IN (SELECT unnest …)" the clocks were read by a sequential scan, 48 ms a batch at 1M events). The
            // array in a subquery, read once: as a plain cast of the text parameter, a sequential scan (chosen while
            // the table is small) parsed the whole array again for every row, up to 2 s a batch early in a rebuild.
            jdbc.sql("""
                            SELECT issue_id, team, category, priority, created_at, policy_id, policy_version, last_sequence
                              FROM sla_issue WHERE issue_id = ANY (ARRAY(SELECT unnest(CAST(:ids AS uuid[]))))
                            """)
                    .param("ids", ids)
                    .query((rs, row) -> new Issue(rs.getObject("issue_id", UUID.class), rs.getString("team"),
                            rs.getString("category"), rs.getString("priority"),
                            instant(rs.getObject("created_at", OffsetDateTime.class)), rs.getString("policy_id"),
                            rs.getObject("policy_version", Integer.class), rs.getLong("last_sequence"), false))
                    .list()
                    .forEach(issue -> issues.put(issue.issueId, issue));
            if (issues.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            SELECT issue_id, clock, policy_id, policy_version, priority, target_ms, started_at, warning_at,
                                   due_at, elapsed_ms, running_since, paused_since, pause_reason, pauses, paused_ms,
                                   paused_wall_ms, warned_at, breached_at, stopped_at, met
                              FROM sla_clock WHERE issue_id = ANY (ARRAY(SELECT unnest(CAST(:ids AS uuid[]))))
                            """)
                    .param("ids", BulkRows.array(issues.keySet()))
                    .query((rs, row) -> {
                        Clock clock = new Clock();
                        clock.issueId = rs.getObject("issue_id", UUID.class);
                        clock.clock = rs.getString("clock");
                        clock.policyId = rs.getString("policy_id");
                        clock.policyVersion = rs.getInt("policy_version");
                        clock.priority = rs.getString("priority");
                        clock.targetMs = rs.getLong("target_ms");
                        clock.startedAt = instant(rs.getObject("started_at", OffsetDateTime.class));
                        clock.warningAt = instant(rs.getObject("warning_at", OffsetDateTime.class));
                        clock.dueAt = instant(rs.getObject("due_at", OffsetDateTime.class));
                        clock.elapsedMs = rs.getLong("elapsed_ms");
                        clock.runningSince = instant(rs.getObject("running_since", OffsetDateTime.class));
                        clock.pausedSince = instant(rs.getObject("paused_since", OffsetDateTime.class));
                        clock.pauseReason = rs.getString("pause_reason");
                        clock.pauses = rs.getInt("pauses");
                        clock.pausedMs = rs.getLong("paused_ms");
                        clock.pausedWallMs = rs.getLong("paused_wall_ms");
                        clock.warnedAt = instant(rs.getObject("warned_at", OffsetDateTime.class));
                        clock.breachedAt = instant(rs.getObject("breached_at", OffsetDateTime.class));
                        clock.stoppedAt = instant(rs.getObject("stopped_at", OffsetDateTime.class));
                        clock.met = rs.getObject("met", Boolean.class);
                        return clock;
                    })
                    .list()
                    .forEach(clock -> {
                        clocks.put(key(clock.issueId, clock.clock), clock);
                        if (keepCounters) {
                            countedBefore.put(key(clock.issueId, clock.clock),
                                    Counted.of(clock, issues.get(clock.issueId)));
                        }
                    });
        }

        // Java 17 has no pattern switch over the sealed IssueEvent: the chain ends in an exception instead, and
        // SlaProjectionHandlesEveryEventTest feeds every permitted subclass through it, so a new event fails the build.
        void apply(ConsumedEvent event) {
            IssueEvent payload = event.payload();
            if (payload instanceof IssueCreated e) {
                created(event, e);
                return;
            }
            Issue issue = claimed(event);
            if (issue == null) {
                return;
            }
            if (payload instanceof OwnerAssigned || payload instanceof CoHandlerAdded
                    || payload instanceof CoHandlerRemoved || payload instanceof WorkStarted
                    || payload instanceof IssueEscalated || payload instanceof ResolutionAccepted
                    || payload instanceof IssueClosed) {
                // No bearing on the clocks or on how they are grouped.
            } else if (payload instanceof IssueAcknowledged) {
                fact(event, LifecycleFact.FIRST_RESPONSE, null);
            } else if (payload instanceof CommentAdded e) {
                if (e.firstResponse()) {
                    fact(event, LifecycleFact.FIRST_RESPONSE, null);
                }
            } else if (payload instanceof PriorityChanged e) {
                issue.priority = name(e.priority());
                fact(event, LifecycleFact.PRIORITY_CHANGED, e.priority());
            } else if (payload instanceof TeamAssigned e) {
                // Compliance is grouped by the issue's current team, as it is by its current category.
                issue.team = e.team();
            } else if (payload instanceof IssueReclassified e) {
                issue.category = e.category();
            } else if (payload instanceof IssuePutOnHold) {
                fact(event, LifecycleFact.ON_HOLD, null);
            } else if (payload instanceof IssueResumed) {
                fact(event, LifecycleFact.RESUMED, null);
            } else if (payload instanceof IssueResolved) {
                fact(event, LifecycleFact.RESOLVED, null);
            } else if (payload instanceof ResolutionRejected || payload instanceof IssueReopened) {
                fact(event, LifecycleFact.REOPENED, null);
            } else if (payload instanceof IssueCancelled) {
                fact(event, LifecycleFact.CANCELLED, null);
            } else if (payload instanceof SlaPolicyAttached e) {
                // The first snapshot of a version stays.
                seenPolicies.putIfAbsent(e.policy().id() + ":" + e.policy().version(),
                        Map.entry(e.policy(), event.occurredAt()));
                issue.policyId = e.policy().id();
                issue.policyVersion = e.policy().version();
            } else if (payload instanceof SlaClockStarted e) {
                started(event, issue, e);
            } else if (payload instanceof SlaClockPaused e) {
                Clock clock = clocks.get(key(issue.issueId, e.clock().name()));
                if (clock != null) {
                    clock.policyVersion = e.policyVersion();
                    clock.elapsedMs = millis(e.elapsed());
                    clock.dueAt = e.dueAt();
                    clock.runningSince = null;
                    clock.pausedSince = event.occurredAt();
                    clock.pauseReason = e.reason();
                    clock.pauses++;
                    clock.changed = true;
                }
            } else if (payload instanceof SlaClockResumed e) {
                resumed(event, issue, e);
            } else if (payload instanceof SlaWarningReached e) {
                Clock clock = clocks.get(key(issue.issueId, e.clock().name()));
                if (clock != null) {
                    clock.warnedAt = clock.warnedAt != null ? clock.warnedAt : event.occurredAt();
                    clock.changed = true;
                }
            } else if (payload instanceof SlaBreached e) {
                Clock clock = clocks.get(key(issue.issueId, e.clock().name()));
                if (clock != null) {
                    clock.breachedAt = clock.breachedAt != null ? clock.breachedAt : event.occurredAt();
                    clock.changed = true;
                }
            } else if (payload instanceof SlaClockStopped e) {
                stopped(event, issue, e);
            } else {
                throw new IllegalArgumentException("The SLA read model does not handle "
                        + payload.getClass().getName());
            }
        }

        private void created(ConsumedEvent event, IssueCreated e) {
            if (issues.containsKey(event.issueId())) {
                return;
            }
            issues.put(event.issueId(), new Issue(event.issueId(), e.team(), e.category(), name(e.priority()),
                    event.occurredAt(), null, null, event.sequence(), true));
            fact(event, LifecycleFact.CREATED, e.priority());
        }

        /** Moves the issue's guard on to this event; null when the event was applied before (or the issue is unknown). */
        private Issue claimed(ConsumedEvent event) {
            Issue issue = issues.get(event.issueId());
            if (issue == null || issue.lastSequence >= event.sequence()) {
                return null;
            }
            issue.lastSequence = event.sequence();
            issue.changed = true;
            return issue;
        }

        private void fact(ConsumedEvent event, LifecycleFact fact, Priority priority) {
            facts.add(event.issueId(), event.sequence(), event.occurredAt(), fact.name(), name(priority));
        }

        private void started(ConsumedEvent event, Issue issue, SlaClockStarted e) {
            String key = key(issue.issueId, e.clock().name());
            if (clocks.containsKey(key)) {
                return;
            }
            Clock clock = new Clock();
            clock.issueId = issue.issueId;
            clock.clock = e.clock().name();
            clock.policyId = issue.policyId;
            clock.policyVersion = e.policyVersion();
            clock.priority = issue.priority;
            clock.targetMs = millis(e.target());
            clock.startedAt = event.occurredAt();
            clock.warningAt = e.warningAt();
            clock.dueAt = e.dueAt();
            clock.runningSince = event.occurredAt();
            clock.changed = true;
            clocks.put(key, clock);
        }

        /** After a hold, a reopen or a retarget: runs again from here with the target the event names. */
        private void resumed(ConsumedEvent event, Issue issue, SlaClockResumed e) {
            Clock clock = clocks.get(key(issue.issueId, e.clock().name()));
            if (clock == null) {
                return;
            }
            PauseEnd pause = endOfPause(event, issue, clock);
            clock.policyVersion = e.policyVersion();
            clock.priority = issue.priority;
            clock.targetMs = millis(e.target());
            clock.elapsedMs = millis(e.elapsed());
            clock.warningAt = e.warningAt();
            clock.dueAt = e.dueAt();
            clock.runningSince = event.occurredAt();
            clock.pausedSince = null;
            clock.pauseReason = null;
            clock.pausedMs += pause.businessMillis();
            clock.pausedWallMs += pause.wallMillis();
            clock.stoppedAt = null;
            clock.met = null;
            clock.changed = true;
        }

        private void stopped(ConsumedEvent event, Issue issue, SlaClockStopped e) {
            Clock clock = clocks.get(key(issue.issueId, e.clock().name()));
            if (clock == null) {
                return;
            }
            PauseEnd pause = endOfPause(event, issue, clock);
            clock.policyVersion = e.policyVersion();
            clock.targetMs = millis(e.target());
            clock.elapsedMs = millis(e.elapsed());
            clock.dueAt = e.dueAt();
            clock.runningSince = null;
            clock.pausedSince = null;
            clock.pauseReason = null;
            clock.pausedMs += pause.businessMillis();
            clock.pausedWallMs += pause.wallMillis();
            clock.stoppedAt = event.occurredAt();
            clock.met = e.met();
            // A missed target is a breach even if no SlaBreached preceded it (the command side always sends one).
            if (clock.breachedAt == null && !e.met()) {
                clock.breachedAt = e.dueAt();
            }
            clock.changed = true;
        }

        private PauseEnd endOfPause(ConsumedEvent event, Issue issue, Clock clock) {
            Instant since = clock.pausedSince;
            if (since == null || !event.occurredAt().isAfter(since)) {
                return PauseEnd.NONE;
            }
            Duration business = calendarOf(issue).businessTimeBetween(since, event.occurredAt());
            Duration wall = Duration.between(since, event.occurredAt());
            return new PauseEnd(business.toMillis(), wall.toMillis());
        }

        /**
         * The calendar an issue is measured in: its snapshot's, as stored or, when first seen in this batch, as seen.
         * Round the clock when the snapshot is unknown (clock events without an attached policy do not occur on the
         * command side; this only keeps a read model going).
         */
        private BusinessCalendar calendarOf(Issue issue) {
            if (issue.policyId == null || issue.policyVersion == null) {
                return BusinessCalendar.twentyFourSeven();
            }
            return policies.find(issue.policyId, issue.policyVersion)
                    .or(() -> Optional.ofNullable(seenPolicies.get(issue.policyId + ":" + issue.policyVersion))
                            .map(Map.Entry::getKey))
                    .map(SlaPolicy::calendar)
                    .orElseGet(BusinessCalendar::twentyFourSeven);
        }

        void write() {
            seenPolicies.values().forEach(seen -> policies.remember(seen.getKey(), seen.getValue()));
            writeIssues();
            writeClocks();
            if (keepCounters) {
                writeCompliance();
            }
            if (!facts.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO sla_fact (issue_id, sequence, occurred_at, fact, priority)
                                SELECT * FROM unnest(CAST(:issue_id AS uuid[]), CAST(:sequence AS bigint[]),
                                                     CAST(:occurred_at AS timestamptz[]), CAST(:fact AS text[]),
                                                     CAST(:priority AS text[]))
                                ON CONFLICT (issue_id, sequence) DO NOTHING
                                """)
                        .params(facts.params())
                        .update();
            }
        }

        /**
         * Moves every clock of the batch's issues from what it counted in before the batch to what it counts in now.
         * Clocks that count as before (most events: comments, assignments, warnings) change nothing.
         */
        private void writeCompliance() {
            Map<ComplianceKey, long[]> counters = new LinkedHashMap<>();
            BulkRows durations = new BulkRows("dimension", "span", "day", "key", "clock", "ms", "sign");
            clocks.forEach((key, clock) -> {
                Counted before = countedBefore.get(key);
                Counted after = Counted.of(clock, issues.get(clock.issueId));
                if (after.equals(before)) {
                    return;
                }
                if (before != null) {
                    before.addTo(counters, durations, -1);
                }
                after.addTo(counters, durations, 1);
            });
            counters.values().removeIf(sums -> java.util.Arrays.stream(sums).allMatch(sum -> sum == 0));
            if (!counters.isEmpty()) {
                BulkRows rows = new BulkRows("dimension", "span", "day", "key", "clock", "met", "breached", "running",
                        "stopped", "stopped_ms");
                counters.forEach((key, sums) -> rows.add(key.dimension(), key.span(), key.day(), key.key(),
                        key.clock(), sums[0], sums[1], sums[2], sums[3], sums[4]));
                jdbc.sql("""
                                INSERT INTO sla_compliance_daily AS d (dimension, span, day, key, clock, met, breached,
                                                                       running, stopped, stopped_ms)
                                SELECT * FROM unnest(CAST(:dimension AS text[]), CAST(:span AS text[]),
                                                     CAST(:day AS date[]), CAST(:key AS text[]), CAST(:clock AS text[]),
                                                     CAST(:met AS bigint[]), CAST(:breached AS bigint[]),
                                                     CAST(:running AS bigint[]), CAST(:stopped AS bigint[]),
                                                     CAST(:stopped_ms AS bigint[]))
                                ON CONFLICT (dimension, span, day, key, clock) DO UPDATE SET
                                    met = d.met + excluded.met, breached = d.breached + excluded.breached,
                                    running = d.running + excluded.running, stopped = d.stopped + excluded.stopped,
                                    stopped_ms = d.stopped_ms + excluded.stopped_ms
                                """)
                        .params(rows.params())
                        .update();
                // A row that counts nothing any more goes, so that which rows exist does not depend on how the
                // events were batched (a clock that passed through a key within one batch never touched it).
                jdbc.sql("""
                                DELETE FROM sla_compliance_daily d
                                 USING unnest(CAST(:dimension AS text[]), CAST(:span AS text[]), CAST(:day AS date[]),
                                              CAST(:key AS text[]), CAST(:clock AS text[]))
                                       AS t (dimension, span, day, key, clock)
                                 WHERE d.dimension = t.dimension AND d.span = t.span AND d.day = t.day
                                   AND d.key = t.key AND d.clock = t.clock
                                   AND d.met = 0 AND d.breached = 0 AND d.running = 0 AND d.stopped = 0
                                """)
                        .params(rows.params())
                        .update();
            }
            if (!durations.isEmpty()) {
                // Bucket by bucket first (the bucket computed by PostgreSQL, so a clock is taken out of exactly
                // the bucket it was added to), then one histogram per row, added to the stored one (V81).
                jdbc.sql("""
                                INSERT INTO sla_duration_daily AS h (dimension, span, day, key, clock, counts, n, ms)
                                SELECT dimension, span, day, key, clock, histogram_of(bucket, n), sum(n), sum(ms)
                                  FROM (SELECT dimension, span, day, key, clock, %s AS bucket,
                                               CAST(sum(sign) AS integer) AS n, sum(sign * ms) AS ms
                                          FROM unnest(CAST(:dimension AS text[]), CAST(:span AS text[]),
                                                      CAST(:day AS date[]), CAST(:key AS text[]),
                                                      CAST(:clock AS text[]), CAST(:ms AS bigint[]),
                                                      CAST(:sign AS int[]))
                                               AS c (dimension, span, day, key, clock, ms, sign)
                                         GROUP BY 1, 2, 3, 4, 5, 6) AS b
                                 GROUP BY 1, 2, 3, 4, 5
                                HAVING histogram_of(bucket, n) <> '{}' OR sum(ms) <> 0
                                ON CONFLICT (dimension, span, day, key, clock)
                                    DO UPDATE SET counts = histogram_add(h.counts, excluded.counts),
                                                  n = h.n + excluded.n, ms = h.ms + excluded.ms
                                """.formatted(Compliance.BUCKET))
                        .params(durations.params())
                        .update();
                jdbc.sql("""
                                DELETE FROM sla_duration_daily h
                                 USING (SELECT DISTINCT * FROM unnest(CAST(:dimension AS text[]), CAST(:span AS text[]),
                                                                      CAST(:day AS date[]), CAST(:key AS text[]),
                                                                      CAST(:clock AS text[])))
                                       AS t (dimension, span, day, key, clock)
                                 WHERE h.dimension = t.dimension AND h.span = t.span AND h.day = t.day
                                   AND h.key = t.key AND h.clock = t.clock AND h.n = 0
                                """)
                        .params(durations.params())
                        .update();
            }
        }

        private void writeIssues() {
            BulkRows created = new BulkRows("issue_id", "team", "category", "priority", "created_at", "policy_id",
                    "policy_version", "last_sequence");
            BulkRows changed = new BulkRows("issue_id", "team", "category", "priority", "policy_id", "policy_version",
                    "last_sequence");
            for (Issue issue : issues.values()) {
                if (issue.created) {
                    created.add(issue.issueId, issue.team, issue.category, issue.priority, issue.createdAt,
                            issue.policyId, issue.policyVersion, issue.lastSequence);
                } else if (issue.changed) {
                    changed.add(issue.issueId, issue.team, issue.category, issue.priority, issue.policyId,
                            issue.policyVersion, issue.lastSequence);
                }
            }
            if (!created.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO sla_issue (issue_id, team, category, priority, created_at, policy_id,
                                                       policy_version, last_sequence)
                                SELECT * FROM unnest(CAST(:issue_id AS uuid[]), CAST(:team AS text[]),
                                                     CAST(:category AS text[]), CAST(:priority AS text[]),
                                                     CAST(:created_at AS timestamptz[]), CAST(:policy_id AS text[]),
                                                     CAST(:policy_version AS int[]), CAST(:last_sequence AS bigint[]))
                                ON CONFLICT (issue_id) DO NOTHING
                                """)
                        .params(created.params())
                        .update();
            }
            if (!changed.isEmpty()) {
                // The guard once more in SQL: should another consumer have got further meanwhile, its row stands.
                jdbc.sql("""
                                UPDATE sla_issue i
                                   SET team = u.team, category = u.category, priority = u.priority,
                                       policy_id = u.policy_id, policy_version = u.policy_version,
                                       last_sequence = u.last_sequence
                                  FROM unnest(CAST(:issue_id AS uuid[]), CAST(:team AS text[]),
                                              CAST(:category AS text[]), CAST(:priority AS text[]),
                                              CAST(:policy_id AS text[]), CAST(:policy_version AS int[]),
                                              CAST(:last_sequence AS bigint[]))
                                       AS u (issue_id, team, category, priority, policy_id, policy_version,
                                             last_sequence)
                                 WHERE i.issue_id = u.issue_id AND i.last_sequence < u.last_sequence
                                """)
                        .params(changed.params())
                        .update();
            }
        }

        private void writeClocks() {
            BulkRows rows = new BulkRows("issue_id", "clock", "policy_id", "policy_version", "priority", "target_ms",
                    "started_at", "warning_at", "due_at", "elapsed_ms", "running_since", "paused_since",
                    "pause_reason", "pauses", "paused_ms", "paused_wall_ms", "warned_at", "breached_at", "stopped_at",
                    "met");
            for (Clock c : clocks.values()) {
                if (c.changed) {
                    rows.add(c.issueId, c.clock, c.policyId, c.policyVersion, c.priority, c.targetMs, c.startedAt,
                            c.warningAt, c.dueAt, c.elapsedMs, c.runningSince, c.pausedSince, c.pauseReason, c.pauses,
                            c.pausedMs, c.pausedWallMs, c.warnedAt, c.breachedAt, c.stoppedAt, c.met);
                }
            }
            if (rows.isEmpty()) {
                return;
            }
            jdbc.sql("""
                            INSERT INTO sla_clock AS c (issue_id, clock, policy_id, policy_version, priority, target_ms,
                                                   started_at, warning_at, due_at, elapsed_ms, running_since,
                                                   paused_since, pause_reason, pauses, paused_ms, paused_wall_ms,
                                                   warned_at, breached_at, stopped_at, met)
                            SELECT * FROM unnest(CAST(:issue_id AS uuid[]), CAST(:clock AS text[]),
                                                 CAST(:policy_id AS text[]), CAST(:policy_version AS int[]),
                                                 CAST(:priority AS text[]), CAST(:target_ms AS bigint[]),
                                                 CAST(:started_at AS timestamptz[]), CAST(:warning_at AS timestamptz[]),
                                                 CAST(:due_at AS timestamptz[]), CAST(:elapsed_ms AS bigint[]),
                                                 CAST(:running_since AS timestamptz[]),
                                                 CAST(:paused_since AS timestamptz[]), CAST(:pause_reason AS text[]),
                                                 CAST(:pauses AS int[]), CAST(:paused_ms AS bigint[]),
                                                 CAST(:paused_wall_ms AS bigint[]), CAST(:warned_at AS timestamptz[]),
                                                 CAST(:breached_at AS timestamptz[]), CAST(:stopped_at AS timestamptz[]),
                                                 CAST(:met AS boolean[]))
                            ON CONFLICT (issue_id, clock) DO UPDATE SET
                                policy_version = excluded.policy_version, priority = excluded.priority,
                                target_ms = excluded.target_ms, warning_at = excluded.warning_at,
                                due_at = excluded.due_at, elapsed_ms = excluded.elapsed_ms,
                                running_since = excluded.running_since, paused_since = excluded.paused_since,
                                pause_reason = excluded.pause_reason, pauses = excluded.pauses,
                                paused_ms = excluded.paused_ms, paused_wall_ms = excluded.paused_wall_ms,
                                warned_at = excluded.warned_at, breached_at = excluded.breached_at,
                                stopped_at = excluded.stopped_at, met = excluded.met
                            """)
                    .params(rows.params())
                    .update();
        }
    }

    private record ComplianceKey(String dimension, String span, LocalDate day, String key, String clock) {
    }

    /**
     * Where one clock counts in {@code sla_compliance_daily} and {@code sla_duration_daily}: its start day, its
     * issue's team and category, its priority, and its state (as {@code sla_clock.state} has it).
     */
    private record Counted(LocalDate day, String clock, String team, String category, String priority,
                           ClockState state, boolean stopped, long elapsedMs) {

        static Counted of(Clock clock, Issue issue) {
            ClockState state = clock.breachedAt != null ? ClockState.BREACHED
                    : clock.stoppedAt != null ? ClockState.MET
                    : clock.pausedSince != null ? ClockState.PAUSED
                    : ClockState.RUNNING;
            return new Counted(LocalDate.ofInstant(clock.startedAt, ZoneOffset.UTC), clock.clock,
                    blankIfNull(issue.team), blankIfNull(issue.category), blankIfNull(clock.priority), state,
                    clock.stoppedAt != null, clock.stoppedAt != null ? clock.elapsedMs : 0);
        }

        void addTo(Map<ComplianceKey, long[]> counters, BulkRows durations, int sign) {
            for (String span : List.of(Compliance.DAY, Compliance.WEEK, Compliance.MONTH)) {
                LocalDate at = span.equals(Compliance.DAY) ? day : span.equals(Compliance.MONTH) ? day.withDayOfMonth(1)
                        : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                // weeks (V67) only for the histograms: the counters of a window are few rows either way
                boolean counted = !span.equals(Compliance.WEEK);
                for (String dimension : List.of(Compliance.ALL, Compliance.TEAM, Compliance.CATEGORY,
                        Compliance.PRIORITY)) {
                    String key = switch (dimension) {
                        case Compliance.TEAM -> team;
                        case Compliance.CATEGORY -> category;
                        case Compliance.PRIORITY -> priority;
                        default -> "";
                    };
                    if (counted) {
                        long[] sums = counters.computeIfAbsent(new ComplianceKey(dimension, span, at, key, clock),
                                k -> new long[5]);
                        sums[0] += state == ClockState.MET ? sign : 0;
                        sums[1] += state == ClockState.BREACHED ? sign : 0;
                        sums[2] += state == ClockState.RUNNING || state == ClockState.PAUSED ? sign : 0;
                        if (stopped) {
                            sums[3] += sign;
                            sums[4] += sign * elapsedMs;
                        }
                    }
                    if (stopped) {
                        durations.add(dimension, span, at, key, clock, elapsedMs, sign);
                    }
                }
            }
        }

        private static String blankIfNull(String value) {
            return value == null ? "" : value;
        }
    }

    private static String key(UUID issueId, String clock) {
        return issueId + "/" + clock;
    }

    /** The pause a resume or stop ends, if the clock was paused: business time in the snapshot's calendar, and wall time. */
    private record PauseEnd(long businessMillis, long wallMillis) {
        static final PauseEnd NONE = new PauseEnd(0, 0);
    }

    private static long millis(Duration duration) {
        return duration == null ? 0 : duration.toMillis();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** An issue's row of {@code sla_issue} as the batch has moved it so far. */
    private static final class Issue {
        final UUID issueId;
        String team;
        String category;
        String priority;
        final Instant createdAt;
        String policyId;
        Integer policyVersion;
        long lastSequence;
        /** Not stored yet: created in this batch. */
        final boolean created;
        /** Stored, and moved on by this batch. */
        boolean changed;

        Issue(UUID issueId, String team, String category, String priority, Instant createdAt, String policyId,
              Integer policyVersion, long lastSequence, boolean created) {
            this.issueId = issueId;
            this.team = team;
            this.category = category;
            this.priority = priority;
            this.createdAt = createdAt;
            this.policyId = policyId;
            this.policyVersion = policyVersion;
            this.lastSequence = lastSequence;
            this.created = created;
        }
    }

    /** A clock's row of {@code sla_clock} as the batch has moved it so far. */
    private static final class Clock {
        UUID issueId;
        String clock;
        String policyId;
        int policyVersion;
        String priority;
        long targetMs;
        Instant startedAt;
        Instant warningAt;
        Instant dueAt;
        long elapsedMs;
        Instant runningSince;
        Instant pausedSince;
        String pauseReason;
        int pauses;
        long pausedMs;
        long pausedWallMs;
        Instant warnedAt;
        Instant breachedAt;
        Instant stoppedAt;
        Boolean met;
        /** Created or changed by this batch. */
        boolean changed;
    }
}
