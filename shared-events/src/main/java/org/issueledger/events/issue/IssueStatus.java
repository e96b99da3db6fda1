package org.issueledger.events.issue;

/** The lifecycle states. The transition rules live in the command side's aggregate, not here. */
public enum IssueStatus {
    OPEN, ASSIGNED, IN_PROGRESS, ON_HOLD, RESOLVED, CLOSED, CANCELLED
}
