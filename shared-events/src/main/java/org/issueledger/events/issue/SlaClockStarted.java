package org.issueledger.events.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;

/** {@code warningAt} and {@code dueAt} are wall-clock instants computed in the policy's business calendar. */
public record SlaClockStarted(UUID issueId, ClockKind clock, int policyVersion, Duration target, Instant warningAt,
                              Instant dueAt, Instant occurredAt, String actor) implements IssueEvent {
}
