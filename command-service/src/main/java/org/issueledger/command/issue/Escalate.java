package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record Escalate(@TargetAggregateIdentifier UUID issueId, Integer level, String reason, Instant occurredAt, String actor)
        implements IssueCommand {
}
