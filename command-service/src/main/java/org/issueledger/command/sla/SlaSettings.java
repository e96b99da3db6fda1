package org.issueledger.command.sla;

import java.util.Map;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.SlaPolicy;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Overrides of the shipped default policy, e.g. {@code issueledger.sla.targets.P1.first-response=30m}.
 * Anything not set keeps the default (P1 1 h / 4 h, P2 4 h / 24 h, P3 24 h / 72 h, P4 72 h / 240 h,
 * warning at 80 %, 24/7).
 */
@ConfigurationProperties("issueledger.sla")
record SlaSettings(Map<Priority, SlaPolicy.Targets> targets, Integer warningPercent) {

    SlaPolicy applyTo(SlaPolicy defaults) {
        if ((targets == null || targets.isEmpty()) && warningPercent == null) {
            return defaults;
        }
        Map<Priority, SlaPolicy.Targets> merged = new java.util.EnumMap<>(defaults.targets());
        if (targets != null) {
            merged.putAll(targets);
        }
        return new SlaPolicy(defaults.id(), defaults.version(), defaults.effectiveFrom(), merged,
                warningPercent != null ? warningPercent : defaults.warningPercent(), defaults.ladder(),
                defaults.calendar());
    }
}
