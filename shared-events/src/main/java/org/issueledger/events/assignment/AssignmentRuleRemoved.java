package org.issueledger.events.assignment;

import java.time.Instant;

/** A rule was deleted; {@code rule} is how it stood. Assignments it made keep its id in their events. */
public record AssignmentRuleRemoved(String bookId, AssignmentRule rule, Instant occurredAt, String actor) {
}
