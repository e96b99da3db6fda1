package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/** {@code satisfaction} is 1–5, or null when the reporter gave none. */
public record IssueClosed(UUID issueId, String closeCode, Integer satisfaction, Instant occurredAt, String actor)
        implements IssueEvent {
}
