package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** {@code ruleId} is set when an auto-assignment rule chose the owner (actor {@code system:rules}). */
record AssignOwner(@TargetAggregateIdentifier UUID issueId, String owner, UUID ruleId, Instant occurredAt, String actor)
        implements IssueCommand {

    AssignOwner(UUID issueId, String owner, Instant occurredAt, String actor) {
        this(issueId, owner, null, occurredAt, actor);
    }
}
