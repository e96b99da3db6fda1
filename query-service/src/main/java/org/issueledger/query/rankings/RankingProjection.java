package org.issueledger.query.rankings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the daily counters behind the TOP rankings ({@code ranking_count}) and, per issue, what they need to
 * know about it ({@code ranking_issue}).
 *
 * <p>A batch is folded in memory: the rows of its issues are read with one query, the events move them on there,
 * and what they add to each counter is summed per key first; then each table is written with one statement.
 *
 * <p>Idempotent by the per-issue guard: an event counts only if its sequence is past
 * {@code ranking_issue.last_sequence} (as the batch has moved it so far). A redelivered event, one repeated within
 * a batch, or one of an issue whose creation was never seen, changes nothing. Most events change nothing but the
 * guard, an unindexed column, so PostgreSQL updates their row in place (HOT) without index writes.
 *
 * <p>An issue counts on its creation day under its <em>current</em> classification: a reclassification moves
 * its count from the old category, component and fingerprint to the new ones, because the first triage was
 * the mistake and the ranking should show what the issues turned out to be.
 */
@Component
class RankingProjection implements Projection {

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;

    RankingProjection(JdbcClient jdbc, JdbcTemplate jdbcTemplate) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
    }

    /**
     * The weekly counters (V65) and those over all teams (V66) sum the daily ones: a replay fills them from those, and
     * the daily ones from what each batch appended to the staging table (V80); a key that comes to 0 has no row, as
     * the live consumer's deletes leave it.
     */
    private static final ReadModel TABLES = ReadModel.of("rankings", "ranking_issue", "ranking_count", "ranking_total",
            "ranking_count_weekly", "ranking_count_all_teams", "ranking_count_replay").derivedAfterReplay(
            new ReadModel.Derived("ranking_count", """
                    INSERT INTO ranking_count (dimension, day, team, key, n)
                    SELECT dimension, day, team, key, sum(n)
                      FROM ranking_count_replay
                     GROUP BY 1, 2, 3, 4
                    HAVING sum(n) <> 0
                    """),
            new ReadModel.Derived("ranking_count_weekly", """
                    INSERT INTO ranking_count_weekly (dimension, week, team, key, n)
                    SELECT dimension, CAST(date_trunc('week', day) AS date), team, key, sum(n)
                      FROM ranking_count
                     WHERE dimension NOT IN ('%s', '%s', '%s')
                     GROUP BY 1, 2, 3, 4
                    HAVING sum(n) <> 0
                    """.formatted(Counter.ESCALATION.stored(), Counter.REOPEN.stored(), Counter.FINGERPRINT.stored())),
            new ReadModel.Derived("ranking_count_all_teams", """
                    INSERT INTO ranking_count_all_teams (dimension, span, day, key, n)
                    SELECT dimension, s.span,
                           CASE s.span WHEN 'day' THEN day ELSE CAST(date_trunc('week', day) AS date) END, key, sum(n)
                      FROM ranking_count
                     CROSS JOIN (VALUES ('day'), ('week')) AS s (span)
                     WHERE dimension IN ('%s', '%s')
                     GROUP BY 1, 2, 3, 4
                    HAVING sum(n) <> 0
                    """.formatted(Counter.CATEGORY.stored(), Counter.COMPONENT.stored())))
            .stagedInReplay("ranking_count_replay");

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

    private void apply(List<ConsumedEvent> batch, boolean keepRollUps) {
        Map<UUID, TrackedIssue> issues = new HashMap<>();
        jdbc.sql("""
                        SELECT issue_id, title, team, category, component, fingerprint, created_at, open, last_sequence
                          FROM ranking_issue
                         WHERE issue_id IN (SELECT unnest(CAST(:ids AS uuid[])))
                        """)
                .param("ids", BulkRows.array(batch.stream().map(ConsumedEvent::issueId).distinct().toList()))
                .query((rs, row) -> new TrackedIssue(
                        rs.getObject("issue_id", UUID.class),
                        rs.getString("title"),
                        rs.getString("team"),
                        rs.getString("category"),
                        rs.getString("component"),
                        rs.getString("fingerprint"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getBoolean("open"),
                        rs.getLong("last_sequence"),
                        false))
                .list()
                .forEach(issue -> issues.put(issue.issueId, issue));
        Fold fold = new Fold(issues, keepRollUps);
        batch.forEach(fold::apply);
        fold.write();
    }

    /** One batch: its issues as the events leave them, and what the events add to the counters. */
    private final class Fold {

        private final Map<UUID, TrackedIssue> issues;
        private final Map<CountKey, Integer> counts = new LinkedHashMap<>();
        private final Map<TotalKey, Integer> totals = new LinkedHashMap<>();
        /** Keys a count moved away from: a key nobody has any more is gone, not a row of zeros. */
        private final Set<CountKey> countsLeft = new LinkedHashSet<>();
        private final Set<TotalKey> totalsLeft = new LinkedHashSet<>();

        /** False in a replay, which stages the daily counts and derives every counter table once it has caught up. */
        private final boolean keepRollUps;

        Fold(Map<UUID, TrackedIssue> issues, boolean keepRollUps) {
            this.issues = issues;
            this.keepRollUps = keepRollUps;
        }

        // Java 17 has no pattern switch over the sealed IssueEvent; RankingsHandleEveryEventTest sends every
        // permitted type through this chain, so an event added to the contract fails the build until it is named here.
        void apply(ConsumedEvent event) {
            IssueEvent payload = event.payload();
            if (payload instanceof IssueCreated e) {
                created(event, e);
                return;
            }
            TrackedIssue issue = advance(event);
            if (payload instanceof IssueReclassified e) {
                if (issue != null) {
                    reclassified(issue, e);
                }
            } else if (payload instanceof IssueEscalated) {
                if (issue != null) {
                    count(Counter.ESCALATION, day(event.occurredAt()), issue.team, issue.issueId.toString(), 1);
                }
            } else if (payload instanceof IssueReopened || payload instanceof ResolutionRejected) {
                if (issue != null) {
                    count(Counter.REOPEN, day(event.occurredAt()), issue.team, issue.issueId.toString(), 1);
                    issue.open = true;
                }
            } else if (payload instanceof IssueResolved || payload instanceof IssueCancelled) {
                if (issue != null) {
                    issue.open = false;
                }
            } else if (payload instanceof SlaBreached) {
                // On the day the clock ran past its due time (the event's business time), for the issue's team.
                if (issue != null) {
                    count(Counter.SLA_BREACH, day(event.occurredAt()), issue.team, issue.team, 1);
                }
            } else if (payload instanceof TeamAssigned) {
                // Counted under the team at creation, like the KPI counters; the guard still moves on.
            } else if (payload instanceof OwnerAssigned || payload instanceof CoHandlerAdded
                    || payload instanceof CoHandlerRemoved || payload instanceof IssueAcknowledged
                    || payload instanceof WorkStarted || payload instanceof CommentAdded
                    || payload instanceof PriorityChanged || payload instanceof IssuePutOnHold
                    || payload instanceof IssueResumed || payload instanceof ResolutionAccepted
                    || payload instanceof IssueClosed || payload instanceof SlaPolicyAttached
                    || payload instanceof SlaClockStarted || payload instanceof SlaClockPaused
                    || payload instanceof SlaClockResumed || payload instanceof SlaWarningReached
                    || payload instanceof SlaClockStopped) {
                // Nothing ranked depends on these; the guard still moves on.
            } else {
                throw new IllegalArgumentException("The rankings do not handle " + payload.getClass().getName());
            }
        }

        /** A creation seen before (stored, or earlier in this batch) changes nothing. */
        private void created(ConsumedEvent event, IssueCreated e) {
            if (issues.containsKey(event.issueId())) {
                return;
            }
            String team = blankIfNull(e.team());
            String category = blankIfNull(e.category());
            String component = blankIfNull(e.component());
            String fingerprint = Fingerprint.of(e.title(), category, component);
            TrackedIssue issue = new TrackedIssue(event.issueId(), e.title(), team, category, component, fingerprint,
                    event.occurredAt(), true, event.sequence(), true);
            issues.put(issue.issueId, issue);
            LocalDate day = day(event.occurredAt());
            count(Counter.CATEGORY, day, team, category, 1);
            count(Counter.COMPONENT, day, team, component, 1);
            count(Counter.TEAM, day, team, team, 1);
            count(Counter.FINGERPRINT, day, team, fingerprint, 1);
        }

        private void reclassified(TrackedIssue issue, IssueReclassified e) {
            String category = blankIfNull(e.category());
            String component = blankIfNull(e.component());
            String fingerprint = Fingerprint.of(issue.title, category, component);
            LocalDate createdOn = day(issue.createdAt);
            move(Counter.CATEGORY, createdOn, issue.team, issue.category, category);
            move(Counter.COMPONENT, createdOn, issue.team, issue.component, component);
            move(Counter.FINGERPRINT, createdOn, issue.team, issue.fingerprint, fingerprint);
            issue.category = category;
            issue.component = component;
            issue.fingerprint = fingerprint;
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

        private void move(Counter counter, LocalDate day, String team, String from, String to) {
            if (from.equals(to)) {
                return;
            }
            count(counter, day, team, from, -1);
            count(counter, day, team, to, 1);
            countsLeft.add(new CountKey(counter.stored(), day, team, from));
            totalsLeft.add(new TotalKey(counter.stored(), from));
        }

        /** The day's count for the team, and the all-time count over all teams that window=all reads. */
        private void count(Counter counter, LocalDate day, String team, String key, int delta) {
            counts.merge(new CountKey(counter.stored(), day, team, key), delta, Integer::sum);
            totals.merge(new TotalKey(counter.stored(), key), delta, Integer::sum);
        }

        void write() {
            writeIssues();
            if (!counts.isEmpty() && !keepRollUps) {
                // A replay: appended, summed into ranking_count once it has caught up.
                CopyRows rows = new CopyRows("ranking_count_replay", "dimension", "day", "team", "key", "n");
                counts.forEach((key, n) -> rows.add(key.dimension(), key.day(), key.team(), key.key(), n));
                rows.copyInto(jdbcTemplate);
            } else if (!counts.isEmpty()) {
                addTo("ranking_count", "day", counts);
            }
            if (keepRollUps) {
                writeWeekly();
                writeAllTeams();
            }
            if (!totals.isEmpty()) {
                BulkRows rows = new BulkRows("dimension", "key", "n");
                totals.forEach((key, n) -> rows.add(key.dimension(), key.key(), n));
                jdbc.sql("""
                                INSERT INTO ranking_total (dimension, key, n)
                                SELECT * FROM unnest(CAST(:dimension AS text[]), CAST(:key AS text[]), CAST(:n AS int[]))
                                ON CONFLICT (dimension, key) DO UPDATE SET n = ranking_total.n + excluded.n
                                """)
                        .params(rows.params())
                        .update();
            }
            if (!countsLeft.isEmpty()) {
                if (keepRollUps) {
                    removeZeros("ranking_count", "day", countsLeft);
                }
                BulkRows totalRows = new BulkRows("dimension", "key");
                totalsLeft.forEach(key -> totalRows.add(key.dimension(), key.key()));
                jdbc.sql("""
                                DELETE FROM ranking_total t
                                 USING unnest(CAST(:dimension AS text[]), CAST(:key AS text[])) AS l (dimension, key)
                                 WHERE t.dimension = l.dimension AND t.key = l.key AND t.n = 0
                                """)
                        .params(totalRows.params())
                        .update();
            }
        }

        /** The batch's daily counts summed per week (V65); a week that comes to 0 loses its row. */
        private void writeWeekly() {
            Map<CountKey, Integer> weekly = new LinkedHashMap<>();
            counts.forEach((key, n) -> {
                if (Counter.rolledUpWeekly(key.dimension())) {
                    weekly.merge(key.week(), n, Integer::sum);
                }
            });
            if (weekly.isEmpty()) {
                return;
            }
            addTo("ranking_count_weekly", "week", weekly);
            removeZeros("ranking_count_weekly", "week", weekly.keySet());
        }

        /** Adds the counts to those of {@code table} (ranking_count or ranking_count_weekly, keyed by their {@code period}). */
        private void addTo(String table, String period, Map<CountKey, Integer> counts) {
            BulkRows rows = new BulkRows("dimension", "period", "team", "key", "n");
            counts.forEach((key, n) -> rows.add(key.dimension(), key.day(), key.team(), key.key(), n));
            jdbc.sql("""
                            INSERT INTO %1$s AS c (dimension, %2$s, team, key, n)
                            SELECT * FROM unnest(CAST(:dimension AS text[]), CAST(:period AS date[]),
                                                 CAST(:team AS text[]), CAST(:key AS text[]), CAST(:n AS int[]))
                            ON CONFLICT (dimension, %2$s, team, key) DO UPDATE SET n = c.n + excluded.n
                            """.formatted(table, period))
                    .params(rows.params())
                    .update();
        }

        /** A key nobody counts under any more is gone, not a row of zeros. */
        private void removeZeros(String table, String period, Collection<CountKey> keys) {
            BulkRows rows = new BulkRows("dimension", "period", "team", "key");
            keys.forEach(key -> rows.add(key.dimension(), key.day(), key.team(), key.key()));
            jdbc.sql("""
                            DELETE FROM %1$s c
                             USING unnest(CAST(:dimension AS text[]), CAST(:period AS date[]), CAST(:team AS text[]),
                                          CAST(:key AS text[])) AS l (dimension, period, team, key)
                             WHERE c.dimension = l.dimension AND c.%2$s = l.period AND c.team = l.team
                               AND c.key = l.key AND c.n = 0
                            """.formatted(table, period))
                    .params(rows.params())
                    .update();
        }

        /**
         * The batch's daily counts summed over all teams, per day and per week (V66), for the counters whose keys
         * teams share; a row that comes to 0 is deleted.
         */
        private void writeAllTeams() {
            Map<List<Object>, Integer> summed = new LinkedHashMap<>();
            counts.forEach((key, n) -> {
                if (Counter.summedAcrossTeams(key.dimension())) {
                    summed.merge(List.of(key.dimension(), "day", key.day(), key.key()), n, Integer::sum);
                    summed.merge(List.of(key.dimension(), "week", key.week().day(), key.key()), n, Integer::sum);
                }
            });
            if (summed.isEmpty()) {
                return;
            }
            BulkRows rows = new BulkRows("dimension", "span", "day", "key", "n");
            summed.forEach((key, n) -> rows.add(key.get(0), key.get(1), key.get(2), key.get(3), n));
            jdbc.sql("""
                            INSERT INTO ranking_count_all_teams (dimension, span, day, key, n)
                            SELECT * FROM unnest(CAST(:dimension AS text[]), CAST(:span AS text[]),
                                                 CAST(:day AS date[]), CAST(:key AS text[]), CAST(:n AS int[]))
                            ON CONFLICT (dimension, span, day, key) DO UPDATE SET n = ranking_count_all_teams.n + excluded.n
                            """)
                    .params(rows.params())
                    .update();
            jdbc.sql("""
                            DELETE FROM ranking_count_all_teams a
                             USING unnest(CAST(:dimension AS text[]), CAST(:span AS text[]), CAST(:day AS date[]),
                                          CAST(:key AS text[])) AS l (dimension, span, day, key)
                             WHERE a.dimension = l.dimension AND a.span = l.span AND a.day = l.day
                               AND a.key = l.key AND a.n = 0
                            """)
                    .params(rows.params())
                    .update();
        }

        private void writeIssues() {
            BulkRows created = new BulkRows("issue_id", "title", "team", "category", "component", "fingerprint",
                    "created_at", "open", "last_sequence");
            BulkRows changed = new BulkRows("issue_id", "category", "component", "fingerprint", "open",
                    "last_sequence");
            for (TrackedIssue issue : issues.values()) {
                if (issue.created) {
                    created.add(issue.issueId, issue.title, issue.team, issue.category, issue.component,
                            issue.fingerprint, issue.createdAt, issue.open, issue.lastSequence);
                } else if (issue.changed) {
                    changed.add(issue.issueId, issue.category, issue.component, issue.fingerprint, issue.open,
                            issue.lastSequence);
                }
            }
            if (!created.isEmpty()) {
                jdbc.sql("""
                                INSERT INTO ranking_issue (issue_id, title, team, category, component, fingerprint,
                                                           created_at, open, last_sequence)
                                SELECT * FROM unnest(CAST(:issue_id AS uuid[]), CAST(:title AS text[]),
                                                     CAST(:team AS text[]), CAST(:category AS text[]),
                                                     CAST(:component AS text[]), CAST(:fingerprint AS text[]),
                                                     CAST(:created_at AS timestamptz[]), CAST(:open AS boolean[]),
                                                     CAST(:last_sequence AS bigint[]))
                                ON CONFLICT (issue_id) DO NOTHING
                                """)
                        .params(created.params())
                        .update();
            }
            if (!changed.isEmpty()) {
                // The guard once more in SQL: should another consumer have got further meanwhile, its row stands.
                jdbc.sql("""
                                UPDATE ranking_issue i
                                   SET category = u.category, component = u.component, fingerprint = u.fingerprint,
                                       open = u.open, last_sequence = u.last_sequence
                                  FROM unnest(CAST(:issue_id AS uuid[]), CAST(:category AS text[]),
                                              CAST(:component AS text[]), CAST(:fingerprint AS text[]),
                                              CAST(:open AS boolean[]), CAST(:last_sequence AS bigint[]))
                                       AS u (issue_id, category, component, fingerprint, open, last_sequence)
                                 WHERE i.issue_id = u.issue_id AND i.last_sequence < u.last_sequence
                                """)
                        .params(changed.params())
                        .update();
            }
        }
    }

    /** Days are UTC days: one calendar for every consumer and every instance. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Absent team or component is stored as '' so it can be part of a key; the API shows it as null. */
    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }

    private record CountKey(String dimension, LocalDate day, String team, String key) {

        /** The same key on the Monday of its week. */
        CountKey week() {
            return new CountKey(dimension, day.with(java.time.temporal.TemporalAdjusters.previousOrSame(
                    java.time.DayOfWeek.MONDAY)), team, key);
        }
    }

    private record TotalKey(String dimension, String key) {
    }

    /** An issue's row as the batch has moved it so far. */
    private static final class TrackedIssue {
        final UUID issueId;
        final String title;
        final String team;
        String category;
        String component;
        String fingerprint;
        final Instant createdAt;
        boolean open;
        long lastSequence;
        /** Not stored yet: created in this batch. */
        final boolean created;
        /** Stored, and moved on by this batch. */
        boolean changed;

        TrackedIssue(UUID issueId, String title, String team, String category, String component, String fingerprint,
                     Instant createdAt, boolean open, long lastSequence, boolean created) {
            this.issueId = issueId;
            this.title = title;
            this.team = team;
            this.category = category;
            this.component = component;
            this.fingerprint = fingerprint;
            this.createdAt = createdAt;
            this.open = open;
            this.lastSequence = lastSequence;
            this.created = created;
        }
    }
}
