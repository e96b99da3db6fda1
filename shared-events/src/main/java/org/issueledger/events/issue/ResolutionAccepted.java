package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record ResolutionAccepted(UUID issueId, String note, Instant occurredAt, String actor) implements IssueEvent {
}
