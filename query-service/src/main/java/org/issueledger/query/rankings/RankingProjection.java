package org.issueledger.query.rankings;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
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
 * Keeps the daily counters behind the TOP rankings ({@code ranking_count}) and, per issue, what they need to
 * know about it ({@code ranking_issue}).
 *
 * <p>Idempotent by the per-issue guard: every event first moves {@code ranking_issue.last_sequence} on, and
 * only an event that did so may touch a counter. A redelivered event, or one of an issue whose creation was
 * never seen, changes nothing. Most events change nothing but the guard, an unindexed column, so PostgreSQL
 * updates their row in place (HOT) without index writes.
 *
 * <p>An issue counts on its creation day under its <em>current</em> classification: a reclassification moves
 * its count from the old category, component and fingerprint to the new ones, because the first triage was
 * the mistake and the ranking should show what the issues turned out to be.
 */
@Component
class RankingProjection implements Projection {

    private final JdbcClient jdbc;

    RankingProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final ReadModel TABLES = ReadModel.of("rankings", "ranking_issue", "ranking_count", "ranking_total");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    // Java 17 has no pattern switch over the sealed IssueEvent; RankingsHandleEveryEventTest sends every permitted
    // type through this chain, so an event added to the contract fails the build until it is named here.
    @Override
    public void applyAll(List<ConsumedEvent> batch) {
        batch.forEach(this::applyOne);
    }

    private void applyOne(ConsumedEvent event) {
        IssueEvent payload = event.payload();
        if (payload instanceof IssueCreated e) {
            created(event, e);
        } else if (payload instanceof IssueReclassified e) {
            advance(event).ifPresent(issue -> reclassified(issue, e));
        } else if (payload instanceof IssueEscalated) {
            advance(event).ifPresent(issue -> count(Counter.ESCALATION, day(event.occurredAt()), issue.team(),
                    issue.issueId().toString(), 1));
        } else if (payload instanceof IssueReopened || payload instanceof ResolutionRejected) {
            advance(event).ifPresent(issue -> {
                count(Counter.REOPEN, day(event.occurredAt()), issue.team(), issue.issueId().toString(), 1);
                setOpen(issue, true);
            });
        } else if (payload instanceof IssueResolved || payload instanceof IssueCancelled) {
            advance(event).ifPresent(issue -> setOpen(issue, false));
        } else if (payload instanceof SlaBreached) {
            // On the day the clock ran past its due time (the event's business time), for the issue's team.
            advance(event).ifPresent(issue -> count(Counter.SLA_BREACH, day(event.occurredAt()), issue.team(),
                    issue.team(), 1));
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
            advance(event);
        } else {
            throw new IllegalArgumentException("The rankings do not handle " + payload.getClass().getName());
        }
    }

    private void created(ConsumedEvent event, IssueCreated e) {
        String team = blankIfNull(e.team());
        String category = blankIfNull(e.category());
        String component = blankIfNull(e.component());
        String fingerprint = Fingerprint.of(e.title(), category, component);
        int inserted = jdbc.sql("""
                        INSERT INTO ranking_issue (issue_id, title, team, category, component, fingerprint,
                                                   created_at, open, last_sequence)
                        VALUES (:issueId, :title, :team, :category, :component, :fingerprint,
                                :occurredAt, true, :sequence)
                        ON CONFLICT (issue_id) DO NOTHING
                        """)
                .param("issueId", event.issueId())
                .param("title", e.title())
                .param("team", team)
                .param("category", category)
                .param("component", component)
                .param("fingerprint", fingerprint)
                .param("occurredAt", utc(event.occurredAt()))
                .param("sequence", event.sequence())
                .update();
        if (inserted == 0) {
            return; // seen before
        }
        LocalDate day = day(event.occurredAt());
        count(Counter.CATEGORY, day, team, category, 1);
        count(Counter.COMPONENT, day, team, component, 1);
        count(Counter.TEAM, day, team, team, 1);
        count(Counter.FINGERPRINT, day, team, fingerprint, 1);
    }

    private void reclassified(TrackedIssue issue, IssueReclassified e) {
        String category = blankIfNull(e.category());
        String component = blankIfNull(e.component());
        String fingerprint = Fingerprint.of(issue.title(), category, component);
        LocalDate createdOn = day(issue.createdAt());
        move(Counter.CATEGORY, createdOn, issue.team(), issue.category(), category);
        move(Counter.COMPONENT, createdOn, issue.team(), issue.component(), component);
        move(Counter.FINGERPRINT, createdOn, issue.team(), issue.fingerprint(), fingerprint);
        jdbc.sql("""
                        UPDATE ranking_issue
                           SET category = :category, component = :component, fingerprint = :fingerprint
                         WHERE issue_id = :issueId
                        """)
                .param("issueId", issue.issueId())
                .param("category", category)
                .param("component", component)
                .param("fingerprint", fingerprint)
                .update();
    }

    /**
     * Moves the guard past this event and answers the issue as it was before it; empty when the event was
     * applied already or its issue is unknown here.
     */
    private Optional<TrackedIssue> advance(ConsumedEvent event) {
        return jdbc.sql("""
                        UPDATE ranking_issue
                           SET last_sequence = :sequence
                         WHERE issue_id = :issueId
                           AND last_sequence < :sequence
                        RETURNING issue_id, title, team, category, component, fingerprint, created_at
                        """)
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .query((rs, row) -> new TrackedIssue(
                        rs.getObject("issue_id", UUID.class),
                        rs.getString("title"),
                        rs.getString("team"),
                        rs.getString("category"),
                        rs.getString("component"),
                        rs.getString("fingerprint"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .optional();
    }

    private void setOpen(TrackedIssue issue, boolean open) {
        jdbc.sql("UPDATE ranking_issue SET open = :open WHERE issue_id = :issueId")
                .param("issueId", issue.issueId())
                .param("open", open)
                .update();
    }

    private void move(Counter counter, LocalDate day, String team, String from, String to) {
        if (from.equals(to)) {
            return;
        }
        count(counter, day, team, from, -1);
        count(counter, day, team, to, 1);
        // A key nobody has any more is gone, not a row of zeros.
        jdbc.sql("""
                        DELETE FROM ranking_count
                         WHERE dimension = :dimension AND day = :day AND team = :team AND key = :key AND n = 0
                        """)
                .param("dimension", counter.stored())
                .param("day", day)
                .param("team", team)
                .param("key", from)
                .update();
        jdbc.sql("DELETE FROM ranking_total WHERE dimension = :dimension AND key = :key AND n = 0")
                .param("dimension", counter.stored())
                .param("key", from)
                .update();
    }

    /** The day's count for the team, and the all-time count over all teams that window=all reads. */
    private void count(Counter counter, LocalDate day, String team, String key, int delta) {
        jdbc.sql("""
                        INSERT INTO ranking_count (dimension, day, team, key, n)
                        VALUES (:dimension, :day, :team, :key, :delta)
                        ON CONFLICT (dimension, day, team, key) DO UPDATE SET n = ranking_count.n + excluded.n
                        """)
                .param("dimension", counter.stored())
                .param("day", day)
                .param("team", team)
                .param("key", key)
                .param("delta", delta)
                .update();
        jdbc.sql("""
                        INSERT INTO ranking_total (dimension, key, n)
                        VALUES (:dimension, :key, :delta)
                        ON CONFLICT (dimension, key) DO UPDATE SET n = ranking_total.n + excluded.n
                        """)
                .param("dimension", counter.stored())
                .param("key", key)
                .param("delta", delta)
                .update();
    }

    /** Days are UTC days: one calendar for every consumer and every instance. */
    static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** Absent team or component is stored as '' so it can be part of a key; the API shows it as null. */
    private static String blankIfNull(String value) {
        return value == null ? "" : value;
    }

    private record TrackedIssue(UUID issueId, String title, String team, String category, String component,
                                String fingerprint, Instant createdAt) {
    }
}
