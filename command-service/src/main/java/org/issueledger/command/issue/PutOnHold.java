package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record PutOnHold(@TargetAggregateIdentifier UUID issueId, String reason, Instant occurredAt, String actor)
        implements IssueCommand {
}
