package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;

/** What the consumer tells the group and the broker, from the environment an operator sets. */
class ConsumerMembershipTest {

    @Test
    void instanceIdFromTheEnvironmentMakesAStaticMemberAndClientSettingsPassThrough() {
        KafkaSettings settings = bindFromEnvironment(Map.of(
                "ISSUELEDGER_KAFKA_BOOTSTRAPSERVERS", "kafka-0:9093,kafka-1:9093",
                "ISSUELEDGER_KAFKA_INSTANCEID", "query-service-1",
                "ISSUELEDGER_KAFKA_CLIENT_SECURITY_PROTOCOL", "SASL_SSL",
                "ISSUELEDGER_KAFKA_CLIENT_SASL_MECHANISM", "SCRAM-SHA-512",
                "ISSUELEDGER_KAFKA_CLIENT_SSL_TRUSTSTORE_LOCATION", "/etc/kafka/truststore.p12"));

        Map<String, Object> consumer = new PollLoop(settings, null, null, null).consumerProperties();

        assertThat(consumer)
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "query-service-1")
                .containsEntry("bootstrap.servers", "kafka-0:9093,kafka-1:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/kafka/truststore.p12")
                // what exactly-once read models rely on cannot be overridden by a pass-through setting
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    @Test
    void withoutAnInstanceIdTheMemberIsDynamic() {
        KafkaSettings settings = bindFromEnvironment(Map.of("ISSUELEDGER_KAFKA_INSTANCEID", ""));

        assertThat(new PollLoop(settings, null, null, null).consumerProperties())
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    }

    private static KafkaSettings bindFromEnvironment(Map<String, Object> variables) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addFirst(new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("issueledger.kafka", KafkaSettings.class);
    }
}
