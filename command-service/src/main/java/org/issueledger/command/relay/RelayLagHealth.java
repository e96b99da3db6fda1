package org.issueledger.command.relay;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The relay's lag, in the health details; OUT_OF_SERVICE only past the configured thresholds. Part of the overall
 * health (what an operator and alerting look at) but not of readiness: this instance still takes and stores
 * commands perfectly well while the relay is behind, and taking every instance out of the load balancer because
 * Kafka is slow would turn a delayed query side into lost writes.
 */
@Component("relayLagHealthIndicator")
class RelayLagHealth extends AbstractHealthIndicator {

    private final RelayLag lag;
    private final RelaySettings settings;

    RelayLagHealth(RelayLag lag, RelaySettings settings) {
        super("Relay lag check failed");
        this.lag = lag;
        this.settings = settings;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        RelayLag.Measured measured = lag.measure();
        boolean behind = measured.events() > settings.lagEventsLimit()
                || measured.age().compareTo(settings.lagAgeLimit()) > 0;
        builder.status(behind ? Status.OUT_OF_SERVICE : Status.UP)
                .withDetail("headGlobalIndex", measured.headIndex())
                .withDetail("relayedGlobalIndex", measured.relayedIndex())
                .withDetail("lagEvents", measured.events())
                .withDetail("oldestUnrelayedAgeSeconds", measured.age().toSeconds())
                .withDetail("lagEventsLimit", settings.lagEventsLimit())
                .withDetail("lagAgeLimit", settings.lagAgeLimit().toString());
        if (measured.owner() != null) {
            builder.withDetail("claimedBy", measured.owner());
        }
    }
}
