package org.issueledger.query.sla;

import static org.issueledger.query.sla.PolicySnapshots.instant;
import static org.issueledger.query.sla.PolicySnapshots.utc;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

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
import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Folds each issue's events into its SLA rows: {@code sla_issue} (grouping dimensions, snapshot, guard),
 * {@code sla_clock} (the measurement the command side recorded, clock by clock), {@code sla_fact} (the lifecycle
 * facts what-if runs the clocks over again) and {@code sla_policy_version}.
 *
 * <p>Idempotent by the per-issue guard: every event first moves {@code sla_issue.last_sequence} on, and does
 * nothing else unless that moved it; the creation inserts the row with {@code ON CONFLICT DO NOTHING}. Events of
 * an issue whose creation was never seen change nothing.
 */
@Component
class SlaProjection implements Projection {

    private final JdbcClient jdbc;
    private final PolicySnapshots policies;

    SlaProjection(JdbcClient jdbc, PolicySnapshots policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    private static final ReadModel TABLES = ReadModel.of("sla", "sla_policy_version", "sla_issue", "sla_clock", "sla_fact");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    // Java 17 has no pattern switch over the sealed IssueEvent: the chain ends in an exception instead, and
    // SlaProjectionHandlesEveryEventTest feeds every permitted subclass through it, so a new event fails the build.
    @Override
    public void applyAll(List<ConsumedEvent> batch) {
        batch.forEach(this::applyOne);
    }

    private void applyOne(ConsumedEvent event) {
        IssueEvent payload = event.payload();
        if (payload instanceof IssueCreated e) {
            created(event, e);
            return;
        }
        if (!claimed(event)) {
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
            jdbc.sql("UPDATE sla_issue SET priority = :priority WHERE issue_id = :issueId")
                    .param("priority", name(e.priority()))
                    .param("issueId", event.issueId())
                    .update();
            fact(event, LifecycleFact.PRIORITY_CHANGED, e.priority());
        } else if (payload instanceof IssueReclassified e) {
            jdbc.sql("UPDATE sla_issue SET category = :category WHERE issue_id = :issueId")
                    .param("category", e.category())
                    .param("issueId", event.issueId())
                    .update();
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
            policies.remember(e.policy(), event.occurredAt());
            jdbc.sql("UPDATE sla_issue SET policy_id = :policyId, policy_version = :version WHERE issue_id = :issueId")
                    .param("policyId", e.policy().id())
                    .param("version", e.policy().version())
                    .param("issueId", event.issueId())
                    .update();
        } else if (payload instanceof SlaClockStarted e) {
            started(event, e);
        } else if (payload instanceof SlaClockPaused e) {
            paused(event, e);
        } else if (payload instanceof SlaClockResumed e) {
            resumed(event, e);
        } else if (payload instanceof SlaWarningReached e) {
            clockUpdate(event, e.clock(), "warned_at = coalesce(warned_at, :at)").update();
        } else if (payload instanceof SlaBreached e) {
            clockUpdate(event, e.clock(), "breached_at = coalesce(breached_at, :at)").update();
        } else if (payload instanceof SlaClockStopped e) {
            stopped(event, e);
        } else {
            throw new IllegalArgumentException("The SLA read model does not handle " + payload.getClass().getName());
        }
    }

    private void created(ConsumedEvent event, IssueCreated e) {
        int inserted = jdbc.sql("""
                        INSERT INTO sla_issue (issue_id, team, category, priority, created_at, last_sequence)
                        VALUES (:issueId, :team, :category, :priority, :at, :sequence)
                        ON CONFLICT (issue_id) DO NOTHING
                        """)
                .param("issueId", event.issueId())
                .param("team", e.team())
                .param("category", e.category())
                .param("priority", name(e.priority()))
                .param("at", utc(event.occurredAt()))
                .param("sequence", event.sequence())
                .update();
        if (inserted == 1) {
            fact(event, LifecycleFact.CREATED, e.priority());
        }
    }

    /** Moves the issue's guard on to this event; false when the event was applied before (or the issue is unknown). */
    private boolean claimed(ConsumedEvent event) {
        return jdbc.sql("""
                        UPDATE sla_issue SET last_sequence = :sequence
                         WHERE issue_id = :issueId AND last_sequence < :sequence
                        """)
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .update() == 1;
    }

    private void fact(ConsumedEvent event, LifecycleFact fact, Priority priority) {
        jdbc.sql("""
                        INSERT INTO sla_fact (issue_id, sequence, occurred_at, fact, priority)
                        VALUES (:issueId, :sequence, :at, :fact, :priority)
                        ON CONFLICT (issue_id, sequence) DO NOTHING
                        """)
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .param("at", utc(event.occurredAt()))
                .param("fact", fact.name())
                .param("priority", name(priority))
                .update();
    }

    private void started(ConsumedEvent event, SlaClockStarted e) {
        jdbc.sql("""
                        INSERT INTO sla_clock (issue_id, clock, policy_id, policy_version, priority, target_ms,
                                               started_at, warning_at, due_at, running_since)
                        SELECT issue_id, :clock, policy_id, :version, priority, :target, :at, :warningAt, :dueAt, :at
                          FROM sla_issue
                         WHERE issue_id = :issueId
                        ON CONFLICT (issue_id, clock) DO NOTHING
                        """)
                .param("issueId", event.issueId())
                .param("clock", e.clock().name())
                .param("version", e.policyVersion())
                .param("target", millis(e.target()))
                .param("at", utc(event.occurredAt()))
                .param("warningAt", utc(e.warningAt()))
                .param("dueAt", utc(e.dueAt()))
                .update();
    }

    private void paused(ConsumedEvent event, SlaClockPaused e) {
        clockUpdate(event, e.clock(), """
                policy_version = :version,
                elapsed_ms = :elapsed,
                due_at = :dueAt,
                running_since = NULL,
                paused_since = :at,
                pause_reason = :reason,
                pauses = pauses + 1""")
                .param("version", e.policyVersion())
                .param("elapsed", millis(e.elapsed()))
                .param("dueAt", utc(e.dueAt()))
                .param("reason", e.reason())
                .update();
    }

    /** After a hold, a reopen or a retarget: runs again from here with the target the event names. */
    private void resumed(ConsumedEvent event, SlaClockResumed e) {
        PauseEnd pause = endOfPause(event, e.clock());
        jdbc.sql("""
                        UPDATE sla_clock c SET
                               policy_version = :version,
                               priority = i.priority,
                               target_ms = :target,
                               elapsed_ms = :elapsed,
                               warning_at = :warningAt,
                               due_at = :dueAt,
                               running_since = :at,
                               paused_since = NULL,
                               pause_reason = NULL,
                               paused_ms = c.paused_ms + :pausedMs,
                               paused_wall_ms = c.paused_wall_ms + :pausedWallMs,
                               stopped_at = NULL,
                               met = NULL
                          FROM sla_issue i
                         WHERE i.issue_id = c.issue_id AND c.issue_id = :issueId AND c.clock = :clock
                        """)
                .param("issueId", event.issueId())
                .param("clock", e.clock().name())
                .param("version", e.policyVersion())
                .param("target", millis(e.target()))
                .param("elapsed", millis(e.elapsed()))
                .param("warningAt", utc(e.warningAt()))
                .param("dueAt", utc(e.dueAt()))
                .param("at", utc(event.occurredAt()))
                .param("pausedMs", pause.businessMillis())
                .param("pausedWallMs", pause.wallMillis())
                .update();
    }

    private void stopped(ConsumedEvent event, SlaClockStopped e) {
        PauseEnd pause = endOfPause(event, e.clock());
        clockUpdate(event, e.clock(), """
                policy_version = :version,
                target_ms = :target,
                elapsed_ms = :elapsed,
                due_at = :dueAt,
                running_since = NULL,
                paused_since = NULL,
                pause_reason = NULL,
                paused_ms = paused_ms + :pausedMs,
                paused_wall_ms = paused_wall_ms + :pausedWallMs,
                stopped_at = :at,
                met = :met,
                breached_at = coalesce(breached_at, :missedAt)""")
                .param("version", e.policyVersion())
                .param("target", millis(e.target()))
                .param("elapsed", millis(e.elapsed()))
                .param("dueAt", utc(e.dueAt()))
                .param("pausedMs", pause.businessMillis())
                .param("pausedWallMs", pause.wallMillis())
                .param("met", e.met())
                // A missed target is a breach even if no SlaBreached preceded it (the command side always sends one).
                .param("missedAt", e.met() ? null : utc(e.dueAt()))
                .update();
    }

    /** The pause a resume or stop ends, if the clock was paused: business time in the snapshot's calendar, and wall time. */
    private record PauseEnd(long businessMillis, long wallMillis) {
        static final PauseEnd NONE = new PauseEnd(0, 0);
    }

    private PauseEnd endOfPause(ConsumedEvent event, ClockKind clock) {
        Optional<Instant> since = jdbc.sql("""
                        SELECT paused_since FROM sla_clock WHERE issue_id = :issueId AND clock = :clock
                        """)
                .param("issueId", event.issueId())
                .param("clock", clock.name())
                .query((rs, row) -> Optional.ofNullable(instant(rs.getObject("paused_since", OffsetDateTime.class))))
                .optional()
                .flatMap(pausedSince -> pausedSince);
        if (since.isEmpty() || !event.occurredAt().isAfter(since.get())) {
            return PauseEnd.NONE;
        }
        Duration business = policies.calendarOf(event.issueId()).businessTimeBetween(since.get(), event.occurredAt());
        Duration wall = Duration.between(since.get(), event.occurredAt());
        return new PauseEnd(business.toMillis(), wall.toMillis());
    }

    /** An update of one clock's row; {@code changes} may use {@code :at}, the event's business time. */
    private JdbcClient.StatementSpec clockUpdate(ConsumedEvent event, ClockKind clock, String changes) {
        return jdbc.sql("UPDATE sla_clock SET " + changes + " WHERE issue_id = :issueId AND clock = :clock")
                .param("issueId", event.issueId())
                .param("clock", clock.name())
                .param("at", utc(event.occurredAt()));
    }

    private static long millis(Duration duration) {
        return duration == null ? 0 : duration.toMillis();
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
