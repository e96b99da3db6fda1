package org.issueledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issueledger.local.LocalKafka;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Kafka down: commands are still accepted and stored, health says DOWN, and once the broker is back
 * the relay delivers what was stored meanwhile — its token never moved past an unacknowledged event.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BrokerOutageTest {

    private static String topic;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        topic = CommandServiceTestSupport.register(registry, "commands_outage");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Test
    void commandsAreStoredWhileTheBrokerIsDownAndRelayedWhenItReturns() throws Exception {
        UUID before = issueId(post(port, "/api/issues", create("before the outage")));
        assertThat(keysOnTopic(List.of(before), Duration.ofSeconds(30))).contains(before.toString());
        assertThat(health().statusCode()).isEqualTo(200);

        LocalKafka kafka = TestInfra.get().kafka();
        UUID during;
        kafka.stop();
        try {
            HttpResponse<String> accepted = post(port, "/api/issues", create("during the outage"));
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(201);
            during = issueId(accepted);
            HttpResponse<String> health = health();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(json.readTree(health.body()).path("components").path("kafka").path("status").asString())
                    .isEqualTo("DOWN");
        } finally {
            kafka.start();
        }
        assertThat(keysOnTopic(List.of(during), Duration.ofSeconds(90))).contains(during.toString());
    }

    private static String create(String title) {
        return "{\"title\":\"" + title + "\",\"category\":\"network\",\"priority\":\"P3\",\"reporter\":\"rita\"}";
    }

    private UUID issueId(HttpResponse<String> response) {
        return UUID.fromString(json.readTree(response.body()).path("issueId").asString());
    }

    private HttpResponse<String> health() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> keysOnTopic(List<UUID> wanted, Duration within) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < deadline
                    && !seen.containsAll(wanted.stream().map(UUID::toString).toList())) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen.add(record.key());
                }
            }
        }
        return List.copyOf(seen);
    }
}
