package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record WorkStarted(UUID issueId, Instant occurredAt, String actor) implements IssueEvent {
}
