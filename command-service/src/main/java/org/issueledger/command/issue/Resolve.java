package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record Resolve(@TargetAggregateIdentifier UUID issueId, String resolutionCode, String solutionSummary, String knowledgeArticle, Instant occurredAt, String actor)
        implements IssueCommand {
}
