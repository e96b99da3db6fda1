package org.issueledger.command.issue;

import java.time.Instant;
import java.util.UUID;

/** Business time may not go backwards within one issue (HTTP 409). */
class OccurredAtOutOfOrder extends CommandRefused {

    private final Instant lastOccurredAt;

    OccurredAtOutOfOrder(UUID issueId, Instant occurredAt, Instant lastOccurredAt) {
        super("occurredAt " + occurredAt + " is earlier than the last event of issue " + issueId
                + " (" + lastOccurredAt + ")");
        this.lastOccurredAt = lastOccurredAt;
    }

    Instant lastOccurredAt() {
        return lastOccurredAt;
    }
}
