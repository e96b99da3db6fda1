package org.issueledger.query.consuming;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the query side reaches Kafka.
 *
 * @param client extra kafka-clients settings passed through unchanged (security.protocol, sasl.*, ssl.* …)
 *               to the consumer and the health check's admin client
 */
@ConfigurationProperties("issueledger.kafka")
record KafkaSettings(
        @DefaultValue("localhost:9092") String bootstrapServers,
        @DefaultValue("issue-events") String topic,
        @DefaultValue("issueledger-query") String consumerGroup,
        @DefaultValue("500") int maxPollRecords,
        @DefaultValue("500ms") Duration pollTimeout,
        @DefaultValue("200ms") Duration retryBackoffInitial,
        @DefaultValue("30s") Duration retryBackoffMax,
        @DefaultValue("2s") Duration healthTimeout,
        Map<String, String> client) {

    KafkaSettings {
        client = client == null ? Map.of() : Map.copyOf(client);
    }

    /** The settings every client of this service shares; each adds its own on top. */
    Map<String, Object> commonClientProperties() {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
