package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record Close(@TargetAggregateIdentifier UUID issueId, String closeCode, Integer satisfaction, Instant occurredAt, String actor)
        implements IssueCommand {
}
