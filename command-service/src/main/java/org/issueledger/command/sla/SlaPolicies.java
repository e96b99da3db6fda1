package org.issueledger.command.sla;

import java.time.Instant;

import org.issueledger.events.sla.SlaPolicy;
import org.springframework.stereotype.Component;

/**
 * The SLA policy versions, answering which one is in force at an instant. A new issue is measured
 * against the version in force when it arrives; the aggregate keeps a snapshot of it.
 *
 * <p>For now this is the shipped default policy (P1 1 h / 4 h … P4 72 h / 240 h, 24/7) with the
 * overrides of {@link SlaSettings}. Versioned,
 * effective-dated, event-sourced policies and calendars with an admin API build on this seam.
 */
@Component
public class SlaPolicies {

    private final SlaPolicy current;

    SlaPolicies(SlaSettings settings) {
        this.current = settings.applyTo(SlaPolicy.defaults());
    }

    public SlaPolicy inForceAt(Instant at) {
        return current;
    }
}
