package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record RemoveCoHandler(@TargetAggregateIdentifier UUID issueId, String coHandler, Instant occurredAt, String actor)
        implements IssueCommand {
}
