package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

record CreateIssue(@TargetAggregateIdentifier UUID issueId, String title, String description, String category, String component, Priority priority, String team, String reporter, Instant occurredAt, String actor)
        implements IssueCommand {
}
