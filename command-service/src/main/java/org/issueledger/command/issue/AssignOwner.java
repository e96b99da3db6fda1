package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record AssignOwner(@TargetAggregateIdentifier UUID issueId, String owner, Instant occurredAt, String actor)
        implements IssueCommand {
}
