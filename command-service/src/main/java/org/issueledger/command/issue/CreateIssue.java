package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.SlaPolicy;

/** {@code slaPolicy} is the policy version in force at the edge when the issue arrives; null measures no SLA. */
record CreateIssue(@TargetAggregateIdentifier UUID issueId, String title, String description, String category,
                   String component, Priority priority, String team, String reporter, SlaPolicy slaPolicy,
                   Instant occurredAt, String actor) implements IssueCommand {
}
