package org.issueledger.command.history;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;

/**
 * An issue as it stood at {@code asOf}: the fold of the events recorded up to then.
 *
 * @param lastSequence   the sequence of the last event folded
 * @param eventsFolded   how many events were folded (lastSequence + 1 for an unbroken history)
 * @param lastRecordedAt the store's record time of the last event folded
 * @param resolution     the resolution in force: null before one, and again after a rejection or reopen
 * @param closure        null unless closed (and not reopened since)
 * @param cancellation   null unless cancelled
 */
record IssueState(UUID issueId, Instant asOf, IssueStatus status, String title, String description,
                  Priority priority, String category, String component, String team, String reporter,
                  String owner, List<String> coHandlers, int reassignments, int escalationLevel, int reopenCount,
                  boolean firstResponded, Resolution resolution, Closure closure, Cancellation cancellation,
                  Integer slaPolicyVersion, Map<ClockKind, Clock> slaClocks, Instant createdAt,
                  Instant lastOccurredAt, Instant lastRecordedAt, long lastSequence, long eventsFolded) {

    record Resolution(String resolutionCode, String solutionSummary, String knowledgeArticle, boolean verified) {
    }

    record Closure(String closeCode, Integer satisfaction) {
    }

    record Cancellation(CancelReason reason, UUID duplicateOf, String note) {
    }

    /**
     * One SLA clock as of its last recorded change.
     *
     * @param elapsed business time on the clock when it last paused, stopped or was retargeted (a running
     *                clock keeps counting after that; {@code dueAt} says when it reaches its target)
     * @param met     for a stopped clock: whether it stopped within its target; otherwise null
     */
    record Clock(State state, Duration target, Duration elapsed, Instant dueAt, boolean warningReached,
                 boolean breached, Boolean met) {

        enum State { RUNNING, PAUSED, STOPPED }
    }
}
