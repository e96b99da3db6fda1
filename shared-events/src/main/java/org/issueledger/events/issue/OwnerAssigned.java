package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/**
 * An issue has exactly one owner. {@code previousOwner} is null on the first assignment;
 * {@code reassignments} counts the assignments after the first.
 */
public record OwnerAssigned(UUID issueId, String owner, String previousOwner, int reassignments,
                            Instant occurredAt, String actor) implements IssueEvent {
}
