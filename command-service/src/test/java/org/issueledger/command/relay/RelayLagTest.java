package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The relay's lag, measured from the store: zero once relayed, growing while the relay stands still. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"issueledger.kafka.lag-events-limit=0", "issueledger.kafka.lag-age-limit=1h"})
class RelayLagTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "relay_lag");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void lagIsZeroOnceRelayedAndCountsTheEventsAndTheirAgeWhileTheRelayStandsStill() throws Exception {
        assertThat(post(port, "/api/issues", create("relayed")).statusCode()).isEqualTo(201);
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            String metrics = get(port, "/actuator/prometheus").body();
            assertThat(value(metrics, "issueledger_relay_lag_events")).isZero();
            assertThat(value(metrics, "issueledger_relay_lag_seconds")).isZero();
        });
        JsonNode health = json.readTree(get(port, "/actuator/health").body());
        JsonNode components = health.path("components");
        assertThat(components.path("db").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("kafka").path("status").asString()).isEqualTo("UP");
        JsonNode relay = components.path("relayLag");
        assertThat(relay.path("status").asString()).isEqualTo("UP");
        assertThat(relay.path("details").path("relayedGlobalIndex").asLong())
                .isEqualTo(relay.path("details").path("headGlobalIndex").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(relay.path("details").path("claimedBy").asString()).isNotBlank();

        EventProcessor relayProcessor = processing.eventProcessor(KafkaRelay.PROCESSING_GROUP).orElseThrow();
        relayProcessor.shutDown();
        try {
            assertThat(post(port, "/api/issues", create("waiting")).statusCode()).isEqualTo(201);
            Thread.sleep(1_100);
            String metrics = get(port, "/actuator/prometheus").body();
            // IssueCreated and the SLA events it brings, at least.
            assertThat(value(metrics, "issueledger_relay_lag_events")).isGreaterThanOrEqualTo(1);
            assertThat(value(metrics, "issueledger_relay_lag_seconds")).isGreaterThanOrEqualTo(1);
            var behind = get(port, "/actuator/health");
            assertThat(behind.statusCode()).isEqualTo(503);
            assertThat(json.readTree(behind.body()).path("components").path("relayLag").path("status").asString())
                    .isEqualTo("OUT_OF_SERVICE");
            // Still ready: commands are taken while the relay is behind.
            var readiness = get(port, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).isEqualTo(200);
            assertThat(json.readTree(readiness.body()).path("components").has("db")).isTrue();
            assertThat(json.readTree(readiness.body()).path("components").has("kafka")).isFalse();
            assertThat(get(port, "/actuator/health/liveness").statusCode()).isEqualTo(200);
        } finally {
            relayProcessor.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(value(get(port, "/actuator/prometheus").body(), "issueledger_relay_lag_events")).isZero());
    }

    private static String create(String title) {
        return "{\"title\":\"" + title + "\",\"category\":\"network\",\"priority\":\"P3\",\"reporter\":\"rita\"}";
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + "(\\{[^}]*})? (?<v>\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("%s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(matcher.group("v"));
    }
}
