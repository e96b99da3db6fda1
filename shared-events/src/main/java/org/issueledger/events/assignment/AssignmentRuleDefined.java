package org.issueledger.events.assignment;

import java.time.Instant;

/**
 * A rule was created ({@code previous} null) or changed — including being disabled, enabled or moved in the
 * order. The log itself says who changed what, from what to what, and when.
 */
public record AssignmentRuleDefined(String bookId, AssignmentRule rule, AssignmentRule previous, Instant occurredAt,
                                    String actor) {
}
