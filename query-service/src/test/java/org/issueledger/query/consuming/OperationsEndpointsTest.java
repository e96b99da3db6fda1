package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** After traffic, the Prometheus endpoint and the health groups show the consumer's figures and each dependency. */
class OperationsEndpointsTest extends QueryServiceTestSupport {

    @Test
    void prometheusShowsProjectionLagPerPartitionAndDeadLetters() {
        IssueTimeline issue = new IssueTimeline();
        produce(issue.created(), issue.assigned("bo", null, 0));
        eventually(() -> assertThat(lastSequence(issue.issueId())).isEqualTo(1));

        eventually(() -> {
            String metrics = prometheus();
            for (int partition = 0; partition < PARTITIONS; partition++) {
                assertThat(value(metrics, "issueledger_projection_lag_records\\{[^}]*partition=\"" + partition + "\"[^}]*}"))
                        .as("partition %d caught up", partition).isZero();
                assertThat(value(metrics, "issueledger_projection_lag_seconds\\{[^}]*partition=\"" + partition + "\"[^}]*}"))
                        .isZero();
            }
            assertThat(value(metrics, "issueledger_dead_letters\\{[^}]*state=\"DEAD\"[^}]*}")).isGreaterThanOrEqualTo(0);
            assertThat(value(metrics, "issueledger_dead_letters\\{[^}]*state=\"HELD\"[^}]*}")).isGreaterThanOrEqualTo(0);
            assertThat(value(metrics, "issueledger_consumer_pending_events(\\{[^}]*})?")).isZero();
        });
    }

    @Test
    void healthShowsEachDependencyAndTheProbesAnswer() {
        IssueTimeline issue = new IssueTimeline();
        produce(issue.created());
        eventually(() -> assertThat(lastSequence(issue.issueId())).isZero());

        eventually(() -> {
            JsonNode health = actuator("/actuator/health");
            assertThat(health.get("status").stringValue()).isEqualTo("UP");
            JsonNode components = health.get("components");
            assertThat(components.get("db").get("status").stringValue()).isEqualTo("UP");
            assertThat(components.get("kafka").get("status").stringValue()).isEqualTo("UP");
            JsonNode lag = components.get("projectionLag");
            assertThat(lag.get("status").stringValue()).isEqualTo("UP");
            assertThat(lag.get("details").get("lagRecords").longValue()).isZero();
            assertThat(lag.get("details").get("partitions").size()).isEqualTo(PARTITIONS);
            assertThat(lag.get("details").get("lastGlobalPosition").longValue()).isGreaterThanOrEqualTo(0);
            assertThat(components.get("deadLetters").get("details").has("dead")).isTrue();
        });
        JsonNode readiness = actuator("/actuator/health/readiness");
        assertThat(readiness.get("status").stringValue()).isEqualTo("UP");
        assertThat(readiness.get("components").has("db")).isTrue();
        assertThat(readiness.get("components").has("kafka")).as("readiness does not wait for the broker").isFalse();
        assertThat(actuator("/actuator/health/liveness").get("status").stringValue()).isEqualTo("UP");
    }

    private JsonNode actuator(String path) {
        return http.get().uri(path).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String prometheus() {
        return http.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + series + " (?<v>\\S+)$").matcher(metrics);
        assertThat(matcher.find()).as("%s in%n%s", series, metrics).isTrue();
        return Double.parseDouble(matcher.group("v"));
    }
}
