package org.issueledger.events.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;

/** The clock's measurement: {@code met} when {@code elapsed} business time stayed within {@code target}. */
public record SlaClockStopped(UUID issueId, ClockKind clock, int policyVersion, Duration target, Duration elapsed,
                              Instant dueAt, boolean met, Instant occurredAt, String actor) implements IssueEvent {
}
