package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** {@code solutionSummary} is required (it feeds the knowledge base); {@code knowledgeArticle} may be null. */
public record IssueResolved(UUID issueId, String resolutionCode, String solutionSummary, String knowledgeArticle,
                            Instant occurredAt, String actor) implements IssueEvent {
}
