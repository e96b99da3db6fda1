package org.issueledger.command.relay;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka clients for the service's other features (the command ingress) on the same footing as the relay's: the
 * pass-through settings of {@code issueledger.kafka.client.*} (TLS, SASL …) first, so a cluster that needs them
 * is reached by every client of the service, not only by the relay.
 */
public final class KafkaClients {

    private final RelaySettings settings;

    KafkaClients(RelaySettings settings) {
        this.settings = settings;
    }

    /** A producer with the relay's guarantees (idempotent, acks=all, quick failure without a broker). */
    public Producer<String, String> producer(String clientId, String bootstrapServers) {
        Map<String, Object> properties = RelayConfig.producerProperties(settings, clientId);
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }

    /** The pass-through settings, then the caller's own (which win). */
    public Map<String, Object> properties(Map<String, Object> own) {
        Map<String, Object> properties = settings.commonClientProperties();
        properties.putAll(own);
        return properties;
    }
}
