package org.issueledger.query.issueview;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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
import org.issueledger.events.issue.IssueStatus;
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
 * Folds each issue's events into its row of {@code issue_view}.
 *
 * <p>Every update carries the per-issue guard {@code last_sequence < :sequence}: an event already applied
 * (a redelivery, a replay from older offsets) matches no row and changes nothing. Events of an issue whose
 * creation was never seen match no row either.
 *
 * <p>The view shows the current state only: a reopen clears the resolution and closing; earlier ones stay
 * in the audit trail.
 */
@Component
class IssueViewProjection implements Projection {

    private final JdbcClient jdbc;

    IssueViewProjection(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final ReadModel TABLES = ReadModel.of("issue-view", "issue_view");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    // Java 17 has no pattern switch over the sealed IssueEvent: the chain ends in an exception instead, and
    // IssueViewHandlesEveryEventTest feeds every permitted subclass through it, so a new event fails the build.
    @Override
    public void apply(ConsumedEvent event) {
        IssueEvent payload = event.payload();
        if (payload instanceof IssueCreated e) {
            create(event, e);
        } else if (payload instanceof OwnerAssigned e) {
            // Assignment moves a new issue on; later in the lifecycle it only changes hands.
            guarded(event, """
                    owner = :owner,
                    reassignments = :reassignments,
                    status = CASE WHEN status = 'OPEN' THEN 'ASSIGNED' ELSE status END""")
                    .param("owner", e.owner())
                    .param("reassignments", e.reassignments())
                    .update();
        } else if (payload instanceof TeamAssigned e) {
            guarded(event, "team = :team").param("team", e.team()).update();
        } else if (payload instanceof CoHandlerAdded e) {
            guarded(event, """
                    co_handlers = CASE WHEN :coHandler = ANY (co_handlers) THEN co_handlers
                                       ELSE array_append(co_handlers, :coHandler) END""")
                    .param("coHandler", e.coHandler())
                    .update();
        } else if (payload instanceof CoHandlerRemoved e) {
            guarded(event, "co_handlers = array_remove(co_handlers, :coHandler)")
                    .param("coHandler", e.coHandler())
                    .update();
        } else if (payload instanceof IssueAcknowledged) {
            guarded(event, "first_response_at = coalesce(first_response_at, :occurredAt)").update();
        } else if (payload instanceof WorkStarted) {
            guarded(event, "status = :status").param("status", IssueStatus.IN_PROGRESS.name()).update();
        } else if (payload instanceof CommentAdded e) {
            if (e.firstResponse()) {
                guarded(event, "first_response_at = coalesce(first_response_at, :occurredAt)").update();
            } else {
                guarded(event, "").update();
            }
        } else if (payload instanceof PriorityChanged e) {
            guarded(event, "priority = :priority").param("priority", name(e.priority())).update();
        } else if (payload instanceof IssueReclassified e) {
            guarded(event, "category = :category, component = :component")
                    .param("category", e.category())
                    .param("component", e.component())
                    .update();
        } else if (payload instanceof IssuePutOnHold) {
            guarded(event, "status = :status").param("status", IssueStatus.ON_HOLD.name()).update();
        } else if (payload instanceof IssueResumed) {
            guarded(event, "status = :status").param("status", IssueStatus.IN_PROGRESS.name()).update();
        } else if (payload instanceof IssueEscalated e) {
            guarded(event, "escalation_level = :level").param("level", e.level()).update();
        } else if (payload instanceof IssueResolved e) {
            guarded(event, """
                    status = :status,
                    resolved_at = :occurredAt,
                    resolution_code = :resolutionCode""")
                    .param("status", IssueStatus.RESOLVED.name())
                    .param("resolutionCode", e.resolutionCode())
                    .update();
        } else if (payload instanceof ResolutionAccepted) {
            // Verified: the issue stays RESOLVED until it is closed.
            guarded(event, "").update();
        } else if (payload instanceof ResolutionRejected e) {
            backToWork(event, e.reopenCount());
        } else if (payload instanceof IssueClosed e) {
            guarded(event, """
                    status = :status,
                    closed_at = :occurredAt,
                    close_code = :closeCode,
                    satisfaction = :satisfaction""")
                    .param("status", IssueStatus.CLOSED.name())
                    .param("closeCode", e.closeCode())
                    .param("satisfaction", e.satisfaction())
                    .update();
        } else if (payload instanceof IssueReopened e) {
            backToWork(event, e.reopenCount());
        } else if (payload instanceof IssueCancelled e) {
            guarded(event, """
                    status = :status,
                    cancelled_at = :occurredAt,
                    cancel_reason = :reason,
                    duplicate_of = :duplicateOf""")
                    .param("status", IssueStatus.CANCELLED.name())
                    .param("reason", name(e.reason()))
                    .param("duplicateOf", e.duplicateOf())
                    .update();
        } else if (payload instanceof SlaPolicyAttached || payload instanceof SlaClockStarted
                || payload instanceof SlaClockPaused || payload instanceof SlaClockResumed
                || payload instanceof SlaWarningReached || payload instanceof SlaBreached
                || payload instanceof SlaClockStopped) {
            // SLA clocks have their own read model; here they only move the issue's sequence on.
            guarded(event, "").update();
        } else {
            throw new IllegalArgumentException("The issue view does not handle " + payload.getClass().getName());
        }
    }

    private void create(ConsumedEvent event, IssueCreated e) {
        jdbc.sql("""
                        INSERT INTO issue_view (issue_id, title, description, category, component, priority, team,
                                                reporter, status, created_at,
                                                last_sequence, last_occurred_at, last_global_position, updated_at)
                        VALUES (:issueId, :title, :description, :category, :component, :priority, :team,
                                :reporter, :status, :occurredAt,
                                :sequence, :occurredAt, :globalPosition, :recordedAt)
                        ON CONFLICT (issue_id) DO NOTHING
                        """)
                .param("issueId", event.issueId())
                .param("title", e.title())
                .param("description", e.description())
                .param("category", e.category())
                .param("component", e.component())
                .param("priority", name(e.priority()))
                .param("team", e.team())
                .param("reporter", e.reporter())
                .param("status", IssueStatus.OPEN.name())
                .param("occurredAt", utc(event.occurredAt()))
                .param("sequence", event.sequence())
                .param("globalPosition", event.globalPosition())
                .param("recordedAt", utc(event.recordedAt()))
                .update();
    }

    /** Verification rejected or issue reopened: back to work, and no longer resolved or closed. */
    private void backToWork(ConsumedEvent event, int reopenCount) {
        guarded(event, """
                status = :status,
                reopen_count = :reopenCount,
                resolved_at = NULL,
                resolution_code = NULL,
                closed_at = NULL,
                close_code = NULL,
                satisfaction = NULL""")
                .param("status", IssueStatus.IN_PROGRESS.name())
                .param("reopenCount", reopenCount)
                .update();
    }

    /**
     * An update of the issue's row that applies only if this event is newer than the last one applied, and
     * records it as the last one. {@code changes} may use {@code :occurredAt}.
     */
    private JdbcClient.StatementSpec guarded(ConsumedEvent event, String changes) {
        String set = changes.isEmpty() ? "" : changes + ",\n";
        return jdbc.sql("UPDATE issue_view SET\n" + set + """
                               last_sequence = :sequence,
                               last_occurred_at = :occurredAt,
                               last_global_position = :globalPosition,
                               updated_at = :recordedAt
                         WHERE issue_id = :issueId
                           AND last_sequence < :sequence
                        """)
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .param("occurredAt", utc(event.occurredAt()))
                .param("globalPosition", event.globalPosition())
                .param("recordedAt", utc(event.recordedAt()));
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
