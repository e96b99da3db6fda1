package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record CoHandlerRemoved(UUID issueId, String coHandler, Instant occurredAt, String actor) implements IssueEvent {
}
