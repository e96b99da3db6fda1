package org.issueledger.events.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;

/**
 * The clock runs again with its elapsed business time carried over (after a hold, a reopen, a rejected
 * verification, or a priority change that switched {@code target}); the due instant is recomputed.
 */
public record SlaClockResumed(UUID issueId, ClockKind clock, int policyVersion, Duration target, Duration elapsed,
                              Instant warningAt, Instant dueAt, Instant occurredAt, String actor)
        implements IssueEvent {
}
