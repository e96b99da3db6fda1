package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.sla.SlaPolicy;

/**
 * The SLA policy version this issue is measured against, as it stood when the clocks started: a
 * snapshot, so that a later policy change never rewrites this issue's measurement.
 */
public record SlaPolicyAttached(UUID issueId, SlaPolicy policy, Instant occurredAt, String actor)
        implements IssueEvent {
}
