package org.issueledger.query.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
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
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps the KPI read model: daily counters per team in total, per category and per priority
 * ({@code kpi_daily}), and one row per issue ({@code kpi_issue}) with its current classification, owner,
 * whether it is in work, and the times its durations run between.
 *
 * <p>Idempotent by the per-issue guard: every event first moves {@code kpi_issue.last_sequence} on, and only
 * an event that did so may touch a counter; a redelivered event changes nothing. Most events change nothing
 * but the guard, an unindexed column, so PostgreSQL updates their row in place (HOT) without index writes.
 */
@Component
class KpiProjection implements Projection {

    static final String ALL = "all";
    static final String CATEGORY = "category";
    static final String PRIORITY = "priority";

    private final JdbcClient jdbc;

    KpiProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final ReadModel TABLES = ReadModel.of("kpi", "kpi_issue", "kpi_daily", "kpi_duration_daily");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    // Java 17 has no pattern switch over the sealed IssueEvent; KpisHandleEveryEventTest sends every permitted type
    // through this chain, so an event added to the contract fails the build until it is named here.
    @Override
    public void apply(ConsumedEvent event) {
        IssueEvent payload = event.payload();
        LocalDate today = day(event.occurredAt());
        if (payload instanceof IssueCreated e) {
            created(event, e);
        } else if (payload instanceof OwnerAssigned e) {
            advance(event).ifPresent(issue -> set(issue, "owner = :value", e.owner()));
        } else if (payload instanceof TeamAssigned) {
            // The daily counters stay under the team the issue was created with: moving its history between teams
            // would rewrite figures already reported. The guard still moves on.
            advance(event);
        } else if (payload instanceof IssueAcknowledged) {
            advance(event).ifPresent(issue -> firstResponse(issue, event.occurredAt()));
        } else if (payload instanceof CommentAdded e) {
            advance(event).filter(issue -> e.firstResponse())
                    .ifPresent(issue -> firstResponse(issue, event.occurredAt()));
        } else if (payload instanceof PriorityChanged e) {
            advance(event).ifPresent(issue -> {
                move(issue, PRIORITY, issue.priority(), name(e.priority()), today);
                regrouped(issue, () -> set(issue, "priority = :value", name(e.priority())));
            });
        } else if (payload instanceof IssueReclassified e) {
            advance(event).ifPresent(issue -> {
                move(issue, CATEGORY, issue.category(), blankIfNull(e.category()), today);
                regrouped(issue, () -> jdbc.sql(
                                "UPDATE kpi_issue SET category = :category, component = :component WHERE issue_id = :issueId")
                        .param("issueId", issue.issueId())
                        .param("category", blankIfNull(e.category()))
                        .param("component", blankIfNull(e.component()))
                        .update());
            });
        } else if (payload instanceof IssueResolved) {
            advance(event).ifPresent(issue -> {
                long seconds = Duration.between(issue.createdAt(), event.occurredAt()).getSeconds();
                tally(issue, today, Tally.resolution(issue.open(), seconds));
                jdbc.sql("UPDATE kpi_issue SET open = false, resolved_at = :at WHERE issue_id = :issueId")
                        .param("issueId", issue.issueId())
                        .param("at", utc(event.occurredAt()))
                        .update();
                duration(issue.issueId(), Kpis.Measured.RESOLUTION, 1);
            });
        } else if (payload instanceof ResolutionRejected || payload instanceof IssueReopened) {
            advance(event).ifPresent(issue -> {
                if (issue.resolvedAt() != null) {
                    // Its category and priority cannot have changed since: both are frozen once resolved.
                    tally(issue, day(issue.resolvedAt()), Tally.resolutionWithdrawn(
                            Duration.between(issue.createdAt(), issue.resolvedAt()).getSeconds()));
                    duration(issue.issueId(), Kpis.Measured.RESOLUTION, -1);
                }
                tally(issue, today, Tally.reopen(issue.open()));
                jdbc.sql("UPDATE kpi_issue SET open = true, resolved_at = NULL WHERE issue_id = :issueId")
                        .param("issueId", issue.issueId())
                        .update();
            });
        } else if (payload instanceof IssueClosed e) {
            advance(event).ifPresent(issue -> tally(issue, today, Tally.closure(e.satisfaction())));
        } else if (payload instanceof IssueCancelled) {
            // Every cancel reason (invalid, duplicate, false report) is an invalid report.
            advance(event).ifPresent(issue -> {
                tally(issue, today, Tally.invalidReport(issue.open()));
                jdbc.sql("UPDATE kpi_issue SET open = false WHERE issue_id = :issueId")
                        .param("issueId", issue.issueId())
                        .update();
            });
        } else if (payload instanceof CoHandlerAdded || payload instanceof CoHandlerRemoved
                || payload instanceof WorkStarted || payload instanceof IssuePutOnHold
                || payload instanceof IssueResumed || payload instanceof IssueEscalated
                || payload instanceof ResolutionAccepted || payload instanceof SlaPolicyAttached
                || payload instanceof SlaClockStarted || payload instanceof SlaClockPaused
                || payload instanceof SlaClockResumed || payload instanceof SlaWarningReached
                || payload instanceof SlaBreached || payload instanceof SlaClockStopped) {
            // No KPI depends on these (SLA compliance is the SLA read model's); the guard still moves on.
            advance(event);
        } else {
            throw new IllegalArgumentException("The KPIs do not handle " + payload.getClass().getName());
        }
    }

    private void created(ConsumedEvent event, IssueCreated e) {
        TrackedIssue issue = new TrackedIssue(event.issueId(), blankIfNull(e.team()), blankIfNull(e.category()),
                name(e.priority()), event.occurredAt(), true, null);
        int inserted = jdbc.sql("""
                        INSERT INTO kpi_issue (issue_id, team, category, component, priority, created_at, open,
                                               last_sequence)
                        VALUES (:issueId, :team, :category, :component, :priority, :occurredAt, true, :sequence)
                        ON CONFLICT (issue_id) DO NOTHING
                        """)
                .param("issueId", issue.issueId())
                .param("team", issue.team())
                .param("category", issue.category())
                .param("component", blankIfNull(e.component()))
                .param("priority", issue.priority())
                .param("occurredAt", utc(event.occurredAt()))
                .param("sequence", event.sequence())
                .update();
        if (inserted == 1) {
            tally(issue, day(event.occurredAt()), Tally.newIssue());
        }
    }

    /**
     * Moves the guard past this event and answers the issue as it was before it; empty when the event was
     * applied already or its issue is unknown here.
     */
    private Optional<TrackedIssue> advance(ConsumedEvent event) {
        return jdbc.sql("""
                        UPDATE kpi_issue
                           SET last_sequence = :sequence
                         WHERE issue_id = :issueId
                           AND last_sequence < :sequence
                        RETURNING issue_id, team, category, priority, created_at, open, resolved_at
                        """)
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .query((rs, row) -> new TrackedIssue(
                        rs.getObject("issue_id", UUID.class),
                        rs.getString("team"),
                        rs.getString("category"),
                        rs.getString("priority"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getBoolean("open"),
                        instant(rs.getObject("resolved_at", OffsetDateTime.class))))
                .optional();
    }

    private void firstResponse(TrackedIssue issue, Instant at) {
        int first = jdbc.sql("""
                        UPDATE kpi_issue SET first_response_at = :at WHERE issue_id = :issueId AND first_response_at IS NULL
                        """)
                .param("issueId", issue.issueId())
                .param("at", utc(at))
                .update();
        if (first == 1) {
            duration(issue.issueId(), Kpis.Measured.FIRST_RESPONSE, 1);
        }
    }

    /** The issue's durations move with it when what they are grouped by (category, priority) changes. */
    private void regrouped(TrackedIssue issue, Runnable change) {
        duration(issue.issueId(), Kpis.Measured.FIRST_RESPONSE, -1);
        duration(issue.issueId(), Kpis.Measured.RESOLUTION, -1);
        change.run();
        duration(issue.issueId(), Kpis.Measured.FIRST_RESPONSE, 1);
        duration(issue.issueId(), Kpis.Measured.RESOLUTION, 1);
    }

    /**
     * Adds (+1) or takes back (-1) the issue's duration of one measure in {@code kpi_duration_daily}, read from its
     * row in {@code kpi_issue} (nothing when it has none), so that a taking back matches the adding to the bucket.
     */
    private void duration(UUID issueId, Kpis.Measured measured, int sign) {
        jdbc.sql("""
                        INSERT INTO kpi_duration_daily AS h (measure, dimension, day, key, bucket, n, seconds)
                        SELECT :measure, d.dimension, (i.%1$s AT TIME ZONE 'UTC')::date,
                               CASE d.dimension WHEN 'all' THEN '' WHEN 'team' THEN i.team
                                                WHEN 'category' THEN i.category ELSE i.priority END,
                               %3$s, :sign, :sign * i.%2$s
                          FROM kpi_issue i
                         CROSS JOIN (VALUES ('all'), ('team'), ('category'), ('priority')) AS d (dimension)
                         WHERE i.issue_id = :issueId AND i.%2$s IS NOT NULL
                        ON CONFLICT (measure, dimension, day, key, bucket)
                            DO UPDATE SET n = h.n + excluded.n, seconds = h.seconds + excluded.seconds
                        """.formatted(measured.timeColumn(), measured.secondsColumn(),
                        Kpis.bucketOf("i." + measured.secondsColumn())))
                .param("measure", measured.histogramName())
                .param("sign", sign)
                .param("issueId", issueId)
                .update();
    }

    private void set(TrackedIssue issue, String assignment, String value) {
        jdbc.sql("UPDATE kpi_issue SET " + assignment + " WHERE issue_id = :issueId")
                .param("issueId", issue.issueId())
                .param("value", value)
                .update();
    }

    /**
     * The issue now counts under another category or priority: its creation moves on its creation day, and
     * while it is in work, its place in the backlog moves from today on.
     */
    private void move(TrackedIssue issue, String dimension, String from, String to, LocalDate today) {
        if (from.equals(to)) {
            return;
        }
        LocalDate createdOn = day(issue.createdAt());
        add(dimension, createdOn, issue.team(), from, Tally.createdMoved(-1));
        add(dimension, createdOn, issue.team(), to, Tally.createdMoved(1));
        if (issue.open()) {
            add(dimension, today, issue.team(), from, Tally.backlogMoved(-1));
            add(dimension, today, issue.team(), to, Tally.backlogMoved(1));
        }
    }

    /** Counts the event for the issue's team in total, under its category and under its priority. */
    private void tally(TrackedIssue issue, LocalDate day, Tally tally) {
        add(ALL, day, issue.team(), "", tally);
        add(CATEGORY, day, issue.team(), issue.category(), tally);
        add(PRIORITY, day, issue.team(), issue.priority(), tally);
    }

    private void add(String dimension, LocalDate day, String team, String key, Tally tally) {
        jdbc.sql("""
                        INSERT INTO kpi_daily (dimension, day, team, key, created, resolved, closed, reopened,
                                               invalid_reports, backlog_change, satisfaction_sum, satisfaction_count,
                                               resolve_seconds, timed_resolutions)
                        VALUES (:dimension, :day, :team, :key, :created, :resolved, :closed, :reopened,
                                :invalidReports, :backlogChange, :satisfactionSum, :satisfactionCount,
                                :resolveSeconds, :timedResolutions)
                        ON CONFLICT (dimension, day, team, key) DO UPDATE SET
                            created            = kpi_daily.created + excluded.created,
                            resolved           = kpi_daily.resolved + excluded.resolved,
                            closed             = kpi_daily.closed + excluded.closed,
                            reopened           = kpi_daily.reopened + excluded.reopened,
                            invalid_reports    = kpi_daily.invalid_reports + excluded.invalid_reports,
                            backlog_change     = kpi_daily.backlog_change + excluded.backlog_change,
                            satisfaction_sum   = kpi_daily.satisfaction_sum + excluded.satisfaction_sum,
                            satisfaction_count = kpi_daily.satisfaction_count + excluded.satisfaction_count,
                            resolve_seconds    = kpi_daily.resolve_seconds + excluded.resolve_seconds,
                            timed_resolutions  = kpi_daily.timed_resolutions + excluded.timed_resolutions
                        """)
                .param("dimension", dimension)
                .param("day", day)
                .param("team", team)
                .param("key", key)
                .param("created", tally.created())
                .param("resolved", tally.resolved())
                .param("closed", tally.closed())
                .param("reopened", tally.reopened())
                .param("invalidReports", tally.invalidReports())
                .param("backlogChange", tally.backlogChange())
                .param("satisfactionSum", tally.satisfactionSum())
                .param("satisfactionCount", tally.satisfactionCount())
                .param("resolveSeconds", tally.resolveSeconds())
                .param("timedResolutions", tally.timedResolutions())
                .update();
    }

    /** Days are UTC days: one calendar for every consumer and every instance. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
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

    /** The issue as the guard found it, before the event at hand. */
    private record TrackedIssue(UUID issueId, String team, String category, String priority, Instant createdAt,
                                boolean open, Instant resolvedAt) {
    }
}
