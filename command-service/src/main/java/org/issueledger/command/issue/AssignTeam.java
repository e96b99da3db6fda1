package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Moves the issue to a team; {@code ruleId} is set when an auto-assignment rule chose it. */
record AssignTeam(@TargetAggregateIdentifier UUID issueId, String team, UUID ruleId, Instant occurredAt, String actor)
        implements IssueCommand {
}
