package org.issueledger.command.relay;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** UP only while a broker answers: commands are still stored without one, but nothing reaches the query side. */
@Component("kafka")
class KafkaHealth extends AbstractHealthIndicator {

    private final Admin admin;
    private final TopicAdmin topic;

    KafkaHealth(Admin admin, TopicAdmin topic) {
        this.admin = admin;
        this.topic = topic;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000));
        int brokers = cluster.nodes().get(3, TimeUnit.SECONDS).size();
        builder.up().withDetail("clusterId", cluster.clusterId().get(3, TimeUnit.SECONDS)).withDetail("brokers", brokers);
        String refusal = topic.refusal();
        if (refusal != null) {
            // The brokers answer, but the relay sends nothing: an operator must see this, not a green light.
            builder.down().withDetail("topic", refusal);
        }
    }
}
