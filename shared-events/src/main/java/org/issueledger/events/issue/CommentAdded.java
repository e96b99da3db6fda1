package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/**
 * {@code firstResponse} is true when this public comment by the owner or a co-handler was the issue's
 * first response, so consumers need not re-derive the rule.
 */
public record CommentAdded(UUID issueId, String text, boolean publicComment, boolean firstResponse,
                           Instant occurredAt, String actor) implements IssueEvent {
}
