package org.issueledger.events.issue;

/** Why an issue was cancelled: each counts as an invalid report (误报) in the KPIs. */
public enum CancelReason {
    INVALID, DUPLICATE, FALSE_REPORT
}
