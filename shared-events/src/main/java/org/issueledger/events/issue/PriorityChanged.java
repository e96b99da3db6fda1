package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record PriorityChanged(UUID issueId, Priority priority, Priority previousPriority, Instant occurredAt,
                              String actor) implements IssueEvent {
}
