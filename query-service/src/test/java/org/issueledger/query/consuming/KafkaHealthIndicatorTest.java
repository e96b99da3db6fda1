package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import org.issueledger.local.LocalKafka;
import org.issueledger.local.TestInfra;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;

class KafkaHealthIndicatorTest extends QueryServiceTestSupport {

    @Test
    void healthIsUpWhenDatabaseAndKafkaAnswer() {
        http.get().uri("/actuator/health")
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.status").isEqualTo("UP")
                .jsonPath("$.components.kafka.details.clusterId").isNotEmpty()
                .jsonPath("$.components.kafka.details.topic").isEqualTo(TOPIC)
                .jsonPath("$.components.kafka.details.consumerRunning").isEqualTo(true);
    }

    @Test
    void brokerOutageTurnsHealthDownAndConsumptionResumesAfterIt() {
        IssueTimeline issue = new IssueTimeline();
        produce(issue.created());
        eventually(() -> assertThat(lastSequence(issue.issueId())).isZero());

        LocalKafka kafka = TestInfra.get().kafka();
        kafka.stop();
        try {
            http.get().uri("/actuator/health")
                    .exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("DOWN")
                    .jsonPath("$.components.kafka.status").isEqualTo("DOWN")
                    .jsonPath("$.components.db.status").isEqualTo("UP");
        } finally {
            kafka.start();
        }

        eventually(() -> http.get().uri("/actuator/health").exchange().expectStatus().isOk());
        produce(issue.assigned("bo", null, 0));
        eventually(() -> assertThat(lastSequence(issue.issueId())).isEqualTo(1));
    }

    @Test
    void prometheusEndpointExposesTheConsumerLag() {
        http.get().uri("/actuator/prometheus")
                .exchange()
                .expectStatus().isOk()
                .expectBody(String.class)
                .value(body -> assertThat(body).contains("issueledger_consumer_pending_events"));
    }
}
