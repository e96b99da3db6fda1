package org.issueledger.query.sla;

/**
 * The lifecycle events that move SLA clocks, as kept in {@code sla_fact} for what-if: enough to run the clocks
 * again under another policy.
 */
enum LifecycleFact {
    /** Both clocks start; carries the priority. */
    CREATED,
    /** Running clocks take the new priority's target and keep their elapsed time; carries the priority. */
    PRIORITY_CHANGED,
    /** The resolution clock pauses. */
    ON_HOLD,
    /** A paused resolution clock runs again. */
    RESUMED,
    /** Acknowledgement, or a public comment flagged as the first response: the first-response clock stops. */
    FIRST_RESPONSE,
    /** Both clocks stop (a resolution also answers the reporter). */
    RESOLVED,
    /** Reopen or rejected verification: a stopped resolution clock runs again with its elapsed time. */
    REOPENED,
    /** Both clocks stop for good. */
    CANCELLED
}
