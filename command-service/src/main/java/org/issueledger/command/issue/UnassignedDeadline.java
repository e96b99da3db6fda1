package org.issueledger.command.issue;

import java.time.Duration;
import java.time.Instant;

/**
 * Wakes an issue that may still have no owner at {@code at} (its creation plus the configured age). Scheduled
 * by the auto-assignment processor on the persistent DeadlineManager, handled by {@link Issue}: the decision
 * whether it is still unassigned is the aggregate's, on its own state.
 */
record UnassignedDeadline(Instant at, Duration age) {

    static final String NAME = "unassigned-escalation";
}
