package org.issueledger.command.issue;

import java.time.Instant;

/**
 * Wakes an idle issue when one of its SLA thresholds falls due. It carries the instant it was set for,
 * which becomes the business time of what it records: the aggregate never reads a clock.
 */
record SlaDeadline(Instant at) {

    static final String NAME = "sla-threshold";
}
