package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** The first response to the reporter; stops the first-response clock. */
public record IssueAcknowledged(UUID issueId, Instant occurredAt, String actor) implements IssueEvent {
}
