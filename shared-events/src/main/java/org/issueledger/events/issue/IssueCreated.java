package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** {@code team} and {@code component} may be null. */
public record IssueCreated(UUID issueId, String title, String description, String category, String component,
                           Priority priority, String team, String reporter, Instant occurredAt, String actor)
        implements IssueEvent {
}
