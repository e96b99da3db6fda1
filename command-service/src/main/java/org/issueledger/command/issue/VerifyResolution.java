package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record VerifyResolution(@TargetAggregateIdentifier UUID issueId, boolean accepted, String note, Instant occurredAt, String actor)
        implements IssueCommand {
}
