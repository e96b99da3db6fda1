package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

public record IssueReopened(UUID issueId, String reason, int reopenCount, Instant occurredAt, String actor)
        implements IssueEvent {
}
