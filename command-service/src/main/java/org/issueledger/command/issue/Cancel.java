package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.issue.CancelReason;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

record Cancel(@TargetAggregateIdentifier UUID issueId, CancelReason reason, UUID duplicateOf, String note, Instant occurredAt, String actor)
        implements IssueCommand {
}
