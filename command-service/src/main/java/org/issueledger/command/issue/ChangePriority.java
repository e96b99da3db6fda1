package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

record ChangePriority(@TargetAggregateIdentifier UUID issueId, Priority priority, Instant occurredAt, String actor)
        implements IssueCommand {
}
