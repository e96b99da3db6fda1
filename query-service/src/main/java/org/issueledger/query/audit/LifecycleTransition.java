package org.issueledger.query.audit;

import java.util.Locale;

/**
 * Where an event stands in the XES standard lifecycle model (IEEE 1849, lifecycle extension), for
 * {@code lifecycle:transition} in the export. The issue is the work item; its events map as follows:
 *
 * <ul>
 *     <li>{@code schedule}: IssueCreated, the work exists and waits for someone;</li>
 *     <li>{@code assign}: the first OwnerAssigned; {@code reassign}: every later one (the owner changes hands);</li>
 *     <li>{@code start}: WorkStarted;</li>
 *     <li>{@code suspend}: IssuePutOnHold; {@code resume}: IssueResumed, and ResolutionRejected and IssueReopened,
 *         which send a finished issue back to work with its clock carried over, as a resume does;</li>
 *     <li>{@code complete}: IssueResolved, ResolutionAccepted, IssueClosed, and every event that records a fact
 *         without moving the work item through its lifecycle (acknowledgement, comments, priority, classification,
 *         co-handlers, escalation, SLA clocks): process-mining tools read such atomic events as complete;</li>
 *     <li>{@code withdraw}: IssueCancelled before work started (the issue was OPEN or ASSIGNED);
 *         {@code pi_abort}: IssueCancelled later, the case is aborted part-way.</li>
 * </ul>
 */
enum LifecycleTransition {
    SCHEDULE, ASSIGN, REASSIGN, START, SUSPEND, RESUME, COMPLETE, WITHDRAW, PI_ABORT;

    /** The standard's spelling, as stored and exported. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
