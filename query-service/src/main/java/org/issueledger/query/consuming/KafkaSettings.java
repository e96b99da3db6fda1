package org.issueledger.query.consuming;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the query side reaches Kafka.
 *
 * @param sessionTimeout how long the group waits for a silent member before giving its partitions to
 *                       another: after a crash (SIGKILL, lost machine) the read models stand still this long.
 *                       Kafka's default is 45 s; 10 s keeps failover quick while a long GC pause still fits
 * @param maxPollRecords the most events one transaction applies: the projections work set-based per batch, so a
 *                       backlog goes faster in big batches, while a batch under steady traffic is whatever arrived
 *                       since the last poll. 20,000 by default: PostgreSQL and this service together spend 15–17 % less
 *                       CPU per event of a backlog than at 2,000, and the heap live while such a batch is applied
 *                       stayed under ~175 MB of 512 MB (300,000 synthetic events; bench/README, Branch proj12). It
 *                       grows with the events' size (longer texts) and with the setting: 30,000 saved little more
 *                       (Branch proj11) for ~50 MB more
 * @param instanceId     this instance's {@code group.instance.id} (static membership), e.g. the pod name of a
 *                       StatefulSet or a host name; empty for a dynamic member. A static member that restarts
 *                       within the session timeout gets its partitions back without a rebalance — the group
 *                       does not shuffle twice (out and back in) for a rolling restart. The price: a static
 *                       member that stops for good keeps its partitions unread until the session timeout.
 *                       Must be unique within the group
 * @param client extra kafka-clients settings passed through unchanged (security.protocol, sasl.*, ssl.* …)
 *               to the consumer and the health check's admin client
 * @param lagRecordsLimit the projection-lag health reads OUT_OF_SERVICE with more records than this waiting
 * @param lagAgeLimit     … or when a record has waited longer than this
 */
@ConfigurationProperties("issueledger.kafka")
public record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("issue-events") String topic,
        @DefaultValue("issueledger-query") String consumerGroup,
        @DefaultValue("20000") int maxPollRecords,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("200ms") Duration retryBackoffInitial,
        @DefaultValue("30s") Duration retryBackoffMax,
        @DefaultValue("2s") Duration healthTimeout,
        @DefaultValue("10s") Duration sessionTimeout,
        @DefaultValue("") String instanceId,
        Map<String, String> client,
        @DefaultValue("10000") long lagRecordsLimit,
        @DefaultValue("5m") Duration lagAgeLimit) {

    public KafkaSettings {
        client = client == null ? Map.of() : Map.copyOf(client);
        instanceId = instanceId == null ? "" : instanceId.strip();
    }

    /** The settings every client of this service shares; each adds its own on top. */
    public Map<String, Object> commonClientProperties() {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
