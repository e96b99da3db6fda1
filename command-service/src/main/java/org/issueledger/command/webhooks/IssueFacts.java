package org.issueledger.command.webhooks;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;

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

    /** The facts after {@code event}. {@code before} is null for the issue's first event. */
    static IssueFacts fold(IssueFacts before, IssueEvent event, long sequence, Instant recordedAt) {
        return fold(before, FactChange.of(event), sequence, recordedAt);
    }

    /**
     * The facts after the event {@code change} was read from. {@code before} is null for the issue's first event.
     *
     * <p>The status by a switch over every event type, without a default: a new event type breaks the build here.
     * IssueFactsTest folds every permitted type.
     */
    static IssueFacts fold(IssueFacts before, FactChange change, long sequence, Instant recordedAt) {
        IssueFacts facts = before != null ? before
                : new IssueFacts(change.issueId(), null, null, null, IssueStatus.OPEN, -1, recordedAt);
        EventType type = change.type();
        IssueStatus status = switch (type) {
            case ISSUE_CREATED -> IssueStatus.OPEN;
            case OWNER_ASSIGNED -> facts.status == IssueStatus.OPEN ? IssueStatus.ASSIGNED : facts.status;
            case WORK_STARTED, ISSUE_RESUMED, RESOLUTION_REJECTED, ISSUE_REOPENED -> IssueStatus.IN_PROGRESS;
            case ISSUE_PUT_ON_HOLD -> IssueStatus.ON_HOLD;
            case ISSUE_RESOLVED, RESOLUTION_ACCEPTED -> IssueStatus.RESOLVED;
            case ISSUE_CLOSED -> IssueStatus.CLOSED;
            case ISSUE_CANCELLED -> IssueStatus.CANCELLED;
            // These change no status (a team or priority change, co-handlers, comments, reclassification,
            // acknowledgement, escalation, the SLA clock's events); each may still count as an update below.
            case TEAM_ASSIGNED, PRIORITY_CHANGED, CO_HANDLER_ADDED, CO_HANDLER_REMOVED, ISSUE_ACKNOWLEDGED,
                 COMMENT_ADDED, ISSUE_RECLASSIFIED, ISSUE_ESCALATED, SLA_POLICY_ATTACHED, SLA_CLOCK_STARTED,
                 SLA_CLOCK_PAUSED, SLA_CLOCK_RESUMED, SLA_WARNING_REACHED, SLA_BREACHED, SLA_CLOCK_STOPPED -> facts.status;
        };
        String team = FactChange.setsTeam(type) ? change.team() : facts.team;
        Priority priority = FactChange.setsPriority(type) ? change.priority() : facts.priority;
        String owner = FactChange.setsOwner(type) ? change.owner() : facts.owner;
        boolean byPerson = change.actor() == null || !change.actor().startsWith(SYSTEM_ACTOR_PREFIX);
        Instant lastUpdateAt = byPerson || before == null ? recordedAt : facts.lastUpdateAt;
        return new IssueFacts(facts.issueId, team, priority, owner, status, sequence, lastUpdateAt);
    }
}
