package org.issueledger.query.consuming;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * How far the read models are behind the topic, per partition this instance holds; OUT_OF_SERVICE only past the
 * configured limits. In the overall health (for operators and alerting), not in readiness: every answer states its
 * freshness, and all instances lag together when the broker or the command side stalls — pulling them all out
 * of the load balancer would turn late answers into no answers.
 */
@Component("projectionLag")
class ProjectionLagHealth extends AbstractHealthIndicator {

    private final ConsumerState consumer;
    private final ProjectionProgress progress;
    private final KafkaSettings settings;

    ProjectionLagHealth(ConsumerState consumer, ProjectionProgress progress, KafkaSettings settings) {
        super("Projection lag check failed");
        this.consumer = consumer;
        this.progress = progress;
        this.settings = settings;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<Integer, Long> lags = new TreeMap<>(consumer.lagByPartition());
        Map<String, Object> partitions = new TreeMap<>();
        long total = 0;
        double oldest = 0;
        for (Map.Entry<Integer, Long> lag : lags.entrySet()) {
            double seconds = consumer.secondsBehind(lag.getKey());
            partitions.put(lag.getKey().toString(), Map.of("records", lag.getValue(),
                    "secondsBehind", Double.isNaN(seconds) ? "unknown" : seconds));
            total += lag.getValue();
            if (!Double.isNaN(seconds)) {
                oldest = Math.max(oldest, seconds);
            }
        }
        boolean behind = total > settings.lagRecordsLimit() || oldest > settings.lagAgeLimit().toSeconds();
        Freshness freshness = progress.freshness();
        builder.status(behind ? Status.OUT_OF_SERVICE : Status.UP)
                .withDetail("lagRecords", total)
                .withDetail("secondsBehind", oldest)
                .withDetail("partitions", partitions)
                .withDetail("lagRecordsLimit", settings.lagRecordsLimit())
                .withDetail("lagAgeLimit", settings.lagAgeLimit().toString())
                .withDetail("consumerRetrying", consumer.retrying());
        if (freshness.lastGlobalPosition() != null) {
            builder.withDetail("lastGlobalPosition", freshness.lastGlobalPosition())
                    .withDetail("lastRecordedAt", freshness.lastRecordedAt().toString());
        }
    }
}
