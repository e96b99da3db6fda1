package org.issueledger.command.webhooks;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.issue.*;

/**
 * What the delivery side knows of one issue — its team and priority for filters, its owner and state
 * and when anyone last touched it for reminders — folded from the issue's events.
 *
 * @param lastUpdateAt record time of the last event whose actor is not {@code system:*}: the SLA clock's
 *                     own warnings and automatic escalations are not progress on the issue
 */
record IssueFacts(UUID issueId, String team, Priority priority, String owner, IssueStatus status,
                  long lastSequence, Instant lastUpdateAt) {

    static final String SYSTEM_ACTOR_PREFIX = "system:";

    /**
     * The facts after {@code event}. {@code before} is null for the issue's first event.
     *
     * <p>Java 17 has no pattern switch over the sealed IssueEvent: the chain names every event that
     * changes a fact; IssueFactsTest folds every permitted type.
     */
    static IssueFacts fold(IssueFacts before, IssueEvent event, long sequence, Instant recordedAt) {
        IssueFacts facts = before != null ? before
                : new IssueFacts(event.issueId(), null, null, null, IssueStatus.OPEN, -1, recordedAt);
        String team = facts.team;
        Priority priority = facts.priority;
        String owner = facts.owner;
        IssueStatus status = facts.status;
        if (event instanceof IssueCreated e) {
            team = e.team();
            priority = e.priority();
            status = IssueStatus.OPEN;
        } else if (event instanceof OwnerAssigned e) {
            owner = e.owner();
            status = status == IssueStatus.OPEN ? IssueStatus.ASSIGNED : status;
        } else if (event instanceof TeamAssigned e) {
            team = e.team();
        } else if (event instanceof PriorityChanged e) {
            priority = e.priority();
        } else if (event instanceof WorkStarted || event instanceof IssueResumed
                || event instanceof ResolutionRejected || event instanceof IssueReopened) {
            status = IssueStatus.IN_PROGRESS;
        } else if (event instanceof IssuePutOnHold) {
            status = IssueStatus.ON_HOLD;
        } else if (event instanceof IssueResolved || event instanceof ResolutionAccepted) {
            status = IssueStatus.RESOLVED;
        } else if (event instanceof IssueClosed) {
            status = IssueStatus.CLOSED;
        } else if (event instanceof IssueCancelled) {
            status = IssueStatus.CANCELLED;
        }
        // Every other event (co-handlers, comments, reclassification, acknowledgement, escalation, SLA clock
        // events) changes none of these facts; it may still count as an update below.
        boolean byPerson = event.actor() == null || !event.actor().startsWith(SYSTEM_ACTOR_PREFIX);
        Instant lastUpdateAt = byPerson || before == null ? recordedAt : facts.lastUpdateAt;
        return new IssueFacts(facts.issueId, team, priority, owner, status, sequence, lastUpdateAt);
    }
}
