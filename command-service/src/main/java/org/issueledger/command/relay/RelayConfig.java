package org.issueledger.command.relay;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RelayConfig {

    @Bean(destroyMethod = "close")
    Producer<String, byte[]> relayProducer(RelaySettings settings) {
        return newProducer(settings, "issueledger-relay");
    }

    /**
     * Idempotent producer with acks=all: a retried send after a lost acknowledgement does not write a
     * duplicate, and an acknowledged record is on every in-sync replica. max.block.ms is short so a
     * missing broker fails the attempt quickly instead of holding the processor's thread for a minute.
     * The value is the envelope's UTF-8 bytes as {@link IssueEventRecords} writes them (not a String encoded again).
     */
    static Producer<String, byte[]> newProducer(RelaySettings settings, String clientId) {
        return new KafkaProducer<>(producerProperties(settings, clientId), new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The pass-through settings (TLS, SASL …) first; the guarantees the relay depends on cannot be overridden. */
    static Map<String, Object> producerProperties(RelaySettings settings, String clientId) {
        Map<String, Object> properties = settings.commonClientProperties();
        properties.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 2);
        // A relay batch (up to 1,000 records of ~1 kB over the topic's partitions) in a few produce requests rather than
        // Kafka's 16 kB batches: the broker's and the producer's work is per request and per batch as much as per record.
        // A tuning, not a guarantee: a pass-through setting wins.
        properties.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        properties.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return properties;
    }

    @Bean
    KafkaClients kafkaClients(RelaySettings settings) {
        return new KafkaClients(settings);
    }

    @Bean(destroyMethod = "close")
    Admin kafkaAdmin(RelaySettings settings) {
        return Admin.create(adminProperties(settings));
    }

    static Map<String, Object> adminProperties(RelaySettings settings) {
        Map<String, Object> properties = settings.commonClientProperties();
        properties.put(AdminClientConfig.CLIENT_ID_CONFIG, "issueledger-command-admin");
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        return properties;
    }

    @Bean(destroyMethod = "close")
    static RelayConnections relayConnections(DataSource dataSource) {
        return RelayConnections.beside(dataSource);
    }

    /**
     * The relay's token and each batch's transaction on its own connections ({@link RelayConnections}): the
     * processor no longer waits behind the request threads for a pooled connection.
     */
    @Autowired
    void relayTokenOnItsOwnConnections(EventProcessingConfigurer processing, RelayConnections connections,
                                       Serializer serializer,
                                       @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        processing.registerTransactionManager(KafkaRelay.PROCESSING_GROUP, configuration -> connections.transactionManager());
        processing.registerTokenStore(KafkaRelay.PROCESSING_GROUP,
                configuration -> connections.tokenStore(serializer, claimTimeout));
    }

    /**
     * Axon's default for event handlers is to log a failure and move on — for the relay that would mean
     * an event silently never reaches Kafka. Propagating makes the processor roll back, keep its token,
     * and retry with back-off.
     */
    @Autowired
    void relayFailuresStopTheToken(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(KafkaRelay.PROCESSING_GROUP,
                configuration -> PropagatingErrorHandler.instance());
    }
}
