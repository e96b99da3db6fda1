package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record IssueResumed(UUID issueId, Instant occurredAt, String actor) implements IssueEvent {
}
