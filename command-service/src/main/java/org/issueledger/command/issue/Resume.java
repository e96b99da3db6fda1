package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record Resume(@TargetAggregateIdentifier UUID issueId, Instant occurredAt, String actor)
        implements IssueCommand {
}
