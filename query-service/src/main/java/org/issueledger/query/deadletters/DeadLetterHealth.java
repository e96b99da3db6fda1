package org.issueledger.query.deadletters;

import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Unresolved dead letters, in the health details. Always UP when the count can be read: a dead letter stops one
 * issue, not the service (alert on the {@code issueledger_dead_letters} metric instead).
 */
@Component("deadLettersHealthIndicator")
class DeadLetterHealth extends AbstractHealthIndicator {

    private final DeadLetterList list;

    DeadLetterHealth(DeadLetterList list) {
        super("Dead letter count failed");
        this.list = list;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, Long> counts = list.openCounts();
        builder.up().withDetail("dead", counts.get("DEAD")).withDetail("held", counts.get("HELD"))
                .withDetail("list", "/api/admin/dead-letters?state=DEAD");
    }
}
