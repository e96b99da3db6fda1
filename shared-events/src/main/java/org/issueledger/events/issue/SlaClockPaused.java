package org.issueledger.events.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;

/** {@code elapsed} is the business time on the clock when it paused; {@code reason} is the hold's reason. */
public record SlaClockPaused(UUID issueId, ClockKind clock, int policyVersion, String reason, Duration elapsed,
                             Instant dueAt, Instant occurredAt, String actor) implements IssueEvent {
}
