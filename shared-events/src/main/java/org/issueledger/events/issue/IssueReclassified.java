package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record IssueReclassified(UUID issueId, String category, String component, String previousCategory,
                                String previousComponent, Instant occurredAt, String actor) implements IssueEvent {
}
