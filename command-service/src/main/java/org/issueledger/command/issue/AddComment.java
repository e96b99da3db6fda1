package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record AddComment(@TargetAggregateIdentifier UUID issueId, String text, boolean publicComment, Instant occurredAt, String actor)
        implements IssueCommand {
}
