package org.issueledger.query.consuming;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * UP when a broker answers within the health timeout. Also shows what the consumer last saw; a consumer
 * that is retrying does not make Kafka DOWN (the database indicator tells why it retries).
 */
@Component("kafkaHealthIndicator")
class KafkaHealthIndicator extends AbstractHealthIndicator implements DisposableBean {

    private final KafkaSettings settings;
    private final ConsumerState consumer;
    // One client for the application's lifetime: creating one per check would open new connections each time.
    private Admin admin;

    KafkaHealthIndicator(KafkaSettings settings, ConsumerState consumer) {
        super("Kafka health check failed");
        this.settings = settings;
        this.consumer = consumer;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        long timeoutMs = settings.healthTimeout().toMillis();
        DescribeClusterResult cluster = admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
        String clusterId = cluster.clusterId().get(timeoutMs, TimeUnit.MILLISECONDS);
        int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
        builder.up()
                .withDetail("clusterId", clusterId)
                .withDetail("brokers", brokers)
                .withDetail("topic", settings.topic())
                .withDetail("consumerGroup", settings.consumerGroup())
                .withDetail("consumerRunning", consumer.running())
                .withDetail("consumerRetrying", consumer.retrying())
                .withDetail("assignedPartitions", consumer.assignedPartitions());
        if (consumer.pendingEvents() != null) {
            builder.withDetail("pendingEvents", consumer.pendingEvents());
        }
    }

    /** Created on first use, so that a broker address that does not resolve yet reads DOWN instead of failing start-up. */
    private synchronized Admin admin() {
        if (admin == null) {
            int timeoutMs = (int) settings.healthTimeout().toMillis();
            Map<String, Object> properties = settings.commonClientProperties();
            properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
            properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
            admin = Admin.create(properties);
        }
        return admin;
    }

    @Override
    public synchronized void destroy() {
        if (admin != null) {
            admin.close();
        }
    }
}
