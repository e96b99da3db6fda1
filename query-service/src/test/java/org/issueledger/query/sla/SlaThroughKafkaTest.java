package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;

/** The SLA read model is one of the consumer's projections: events produced to the broker reach its API. */
class SlaThroughKafkaTest extends SlaTestSupport {

    @Test
    void clockEventsFromTheTopicAreServed() {
        SlaHistory issue = new SlaHistory()
                .opened("2024-01-08T09:00", Priority.P2, freshTeam("kafka"), "email", SlaPolicy.defaults())
                .acknowledged("2024-01-08T10:00")
                .clockStopped("2024-01-08T10:00", ClockKind.FIRST_RESPONSE, "4h", "1h", "2024-01-08T13:00", true);

        produce(issue.events().toArray(EventEnvelope[]::new));

        eventually(() -> assertThat(measurement(clock(get("/api/sla/issues/{id}", issue.id()), "FIRST_RESPONSE")))
                .isEqualTo("MET v1 P2 target=PT4H elapsed=PT1H paused=PT0S"));
    }
}
