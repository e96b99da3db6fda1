package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** A rejected verification sends the issue back to work and counts as a reopen. */
public record ResolutionRejected(UUID issueId, String note, int reopenCount, Instant occurredAt, String actor)
        implements IssueEvent {
}
