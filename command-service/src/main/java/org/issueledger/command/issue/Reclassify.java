package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record Reclassify(@TargetAggregateIdentifier UUID issueId, String category, String component, Instant occurredAt, String actor)
        implements IssueCommand {
}
