package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** TLS / SASL settings an operator puts in the environment reach every Kafka client of the command-service. */
class KafkaClientSettingsTest {

    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "username=\"relay\" password=\"secret\";";

    private final RelaySettings settings = bindFromEnvironment(Map.of(
            "ISSUELEDGER_KAFKA_BOOTSTRAPSERVERS", "kafka-0:9094,kafka-1:9094",
            "ISSUELEDGER_KAFKA_REPLICATIONFACTOR", "3",
            "ISSUELEDGER_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
            "ISSUELEDGER_KAFKA_CLIENT_SASL_MECHANISM", "PLAIN",
            "ISSUELEDGER_KAFKA_CLIENT_SASL_JAAS_CONFIG", JAAS,
            // an attempt to weaken the relay's guarantees is ignored
            "ISSUELEDGER_KAFKA_CLIENT_ACKS", "1"));

    @Test
    void environmentSettingsReachTheProducerAndTheAdminClient() {
        Map<String, Object> producer = RelayConfig.producerProperties(settings, "issueledger-relay");
        Map<String, Object> admin = RelayConfig.adminProperties(settings);

        for (Map<String, Object> client : java.util.List.of(producer, admin)) {
            assertThat(client)
                    .containsEntry("bootstrap.servers", "kafka-0:9094,kafka-1:9094")
                    .containsEntry("security.protocol", "SASL_PLAINTEXT")
                    .containsEntry("sasl.mechanism", "PLAIN")
                    .containsEntry("sasl.jaas.config", JAAS);
        }
        assertThat(producer).containsEntry(ProducerConfig.ACKS_CONFIG, "all")
                .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    }

    @Test
    void theCommandIngressClientsGetThemTooWithTheirOwnSettingsOnTop() {
        Map<String, Object> consumer = new KafkaClients(settings).properties(Map.of(
                "bootstrap.servers", "ingress-kafka:9094", "group.id", "issueledger-command-ingress"));

        assertThat(consumer)
                .containsEntry("bootstrap.servers", "ingress-kafka:9094")
                .containsEntry("group.id", "issueledger-command-ingress")
                .containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.jaas.config", JAAS);
    }

    @Test
    void kafkaClientsAcceptThePassedThroughSecuritySettings() {
        // Builds the SASL login from the JAAS line; an unknown or malformed setting would fail here. (A resolvable
        // address: the client refuses a bootstrap list of which no name resolves.)
        RelaySettings local = new RelaySettings("localhost:9", settings.topic(), settings.partitions(),
                settings.replicationFactor(), 0, settings.sendTimeout(), settings.lagEventsLimit(), settings.lagAgeLimit(),
                settings.client());
        try (Producer<String, byte[]> producer = RelayConfig.newProducer(local, "issueledger-relay")) {
            assertThat(producer).isInstanceOf(KafkaProducer.class);
        }
    }

    @Test
    void newTopicOnThreeReplicasNeedsTwoInSync() {
        assertThat(settings.effectiveMinInsyncReplicas()).isEqualTo(2);
    }

    private static RelaySettings bindFromEnvironment(Map<String, Object> variables) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new Binder(ConfigurationPropertySources.from(sources)).bindOrCreate("issueledger.kafka", RelaySettings.class);
    }
}
