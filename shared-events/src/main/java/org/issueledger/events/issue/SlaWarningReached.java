package org.issueledger.events.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;

/** {@code occurredAt} is the instant the warning threshold was crossed, not when it was noticed. */
public record SlaWarningReached(UUID issueId, ClockKind clock, int policyVersion, Duration target, Instant dueAt,
                                Instant occurredAt, String actor) implements IssueEvent {
}
