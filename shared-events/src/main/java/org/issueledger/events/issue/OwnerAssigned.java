package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * An issue has exactly one owner. {@code previousOwner} is null on the first assignment;
 * {@code reassignments} counts the assignments after the first. {@code ruleId} names the auto-assignment
 * rule that chose the owner (actor {@code system:rules}); null for a person's assignment and for every
 * event stored before rules existed, so old payloads decode unchanged.
 */
public record OwnerAssigned(UUID issueId, String owner, String previousOwner, int reassignments,
                            Instant occurredAt, String actor, UUID ruleId) implements IssueEvent {

    /** The constructor a decoder uses, also for payloads stored before {@code ruleId} existed (it is then null). */
    @JsonCreator
    public OwnerAssigned {
    }

    /** An assignment made by a person (or an import): no rule chose it. */
    public OwnerAssigned(UUID issueId, String owner, String previousOwner, int reassignments, Instant occurredAt,
                         String actor) {
        this(issueId, owner, previousOwner, reassignments, occurredAt, actor, null);
    }
}
