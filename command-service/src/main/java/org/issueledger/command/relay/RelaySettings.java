package org.issueledger.command.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.issueledger.events.EventEnvelope;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how events are relayed to Kafka.
 *
 * @param partitions        partitions of the topic when the relay creates it (at scale: one per query-service
 *                          instance you may ever want, e.g. 6 or 12). An existing topic keeps its own count
 * @param replicationFactor 1 locally, 3 on a cluster; an existing topic with fewer replicas is refused
 * @param minInsyncReplicas {@code min.insync.replicas} of a topic the relay creates; 0 means "2 when the
 *                          replication factor is 3 or more, else 1", so an {@code acks=all} send survives one
 *                          broker down and is never acknowledged by a single replica
 * @param sendTimeout       how long the relay waits for the broker's acknowledgement before it gives up on
 *                          this attempt (the processor then retries from its last token)
 * @param lagEventsLimit    the relay's health is OUT_OF_SERVICE with more events than this waiting in the store
 * @param lagAgeLimit       … or when the oldest waiting event is older than this
 * @param client            extra kafka-clients settings passed unchanged to every Kafka client of this service
 *                          (security.protocol, sasl.*, ssl.* …); the service's own settings win over them
 */
@ConfigurationProperties("issueledger.kafka")
record RelaySettings(@DefaultValue("localhost:9092") String bootstrapServers,
                     @DefaultValue(EventEnvelope.TOPIC) String topic,
                     @DefaultValue("3") int partitions,
                     @DefaultValue("1") short replicationFactor,
                     @DefaultValue("0") int minInsyncReplicas,
                     @DefaultValue("30s") Duration sendTimeout,
                     @DefaultValue("10000") long lagEventsLimit,
                     @DefaultValue("5m") Duration lagAgeLimit,
                     Map<String, String> client) {

    RelaySettings {
        client = client == null ? Map.of() : Map.copyOf(client);
    }

    /** The {@code min.insync.replicas} a new topic gets. */
    int effectiveMinInsyncReplicas() {
        if (minInsyncReplicas > 0) {
            return minInsyncReplicas;
        }
        return replicationFactor >= 3 ? 2 : 1;
    }

    /** What every client of this service starts from: the pass-through settings, then the bootstrap servers. */
    Map<String, Object> commonClientProperties() {
        Map<String, Object> properties = new HashMap<>(client);
        properties.put("bootstrap.servers", bootstrapServers);
        return properties;
    }
}
