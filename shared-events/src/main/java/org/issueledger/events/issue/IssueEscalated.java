package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** {@code level} is the new escalation level (1, 2, …); {@code previousLevel} is 0 when never escalated. */
public record IssueEscalated(UUID issueId, int level, int previousLevel, String reason, Instant occurredAt,
                             String actor) implements IssueEvent {
}
