package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/**
 * The issue moved to another team after its creation (the team given at creation is in
 * {@link IssueCreated}). {@code previousTeam} may be null; {@code ruleId} names the auto-assignment rule
 * that chose the team, null when a person did.
 */
public record TeamAssigned(UUID issueId, String team, String previousTeam, UUID ruleId, Instant occurredAt,
                           String actor) implements IssueEvent {
}
