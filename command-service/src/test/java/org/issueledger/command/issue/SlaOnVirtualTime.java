package org.issueledger.command.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;

/**
 * The SLA fixture tests' world: the default policy (24/7; P1 1 h / 4 h, P3 24 h / 72 h; warning at 80 %; escalation
 * level 1 at 80 %, 2 at 100 %, 3 at 200 %) and virtual time counted in minutes from {@link #T0}.
 */
final class SlaOnVirtualTime {

    static final Instant T0 = Instant.parse("2026-02-02T08:00:00Z");
    static final SlaPolicy POLICY = SlaPolicy.defaults();
    static final Duration H1 = Duration.ofHours(1);
    static final Duration H4 = Duration.ofHours(4);
    static final ClockKind FR = ClockKind.FIRST_RESPONSE;
    static final ClockKind RES = ClockKind.RESOLUTION;

    private SlaOnVirtualTime() {
    }

    static Instant at(int minutes) {
        return T0.plus(Duration.ofMinutes(minutes));
    }

    /** A new issue in team net, reported by rita at {@link #T0}, under {@link #POLICY}. */
    static CreateIssue create(UUID issue, Priority priority) {
        return new CreateIssue(issue, "Core switch down", null, "network", "switch", priority, "net", "rita", POLICY,
                T0, "rita");
    }
}
