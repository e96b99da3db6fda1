package org.issueledger.events.sla;

import java.time.Instant;

/**
 * A new version of an SLA policy (its targets, warning threshold, escalation ladder and business
 * calendar), effective from {@code policy.effectiveFrom()}. {@code previous} is the version it
 * replaces (null for the first), so the log itself says who changed what, from what to what.
 * Issues already measured keep the snapshot they attached: a new version never rewrites them.
 */
public record SlaPolicyVersionDefined(String policyId, SlaPolicy policy, SlaPolicy previous, Instant occurredAt,
                                      String actor) {
}
