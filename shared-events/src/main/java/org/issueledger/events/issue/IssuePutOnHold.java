package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** {@code reason}: waiting for customer, vendor, change … kept for the paused SLA clock. */
public record IssuePutOnHold(UUID issueId, String reason, Instant occurredAt, String actor) implements IssueEvent {
}
