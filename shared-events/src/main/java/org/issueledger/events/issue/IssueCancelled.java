package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** {@code duplicateOf} is set only when {@code reason} is DUPLICATE. */
public record IssueCancelled(UUID issueId, CancelReason reason, UUID duplicateOf, String note, Instant occurredAt,
                             String actor) implements IssueEvent {
}
