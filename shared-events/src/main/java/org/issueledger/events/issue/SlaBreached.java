package org.issueledger.events.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;

/** {@code occurredAt} is the due instant the clock ran past. */
public record SlaBreached(UUID issueId, ClockKind clock, int policyVersion, Duration target, Instant dueAt,
                          Instant occurredAt, String actor) implements IssueEvent {
}
