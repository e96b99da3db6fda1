package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Events straight into the projection, the trail out of the real PostgreSQL and the HTTP API. */
class AuditTrailProjectionTest extends QueryServiceTestSupport {

    @Autowired
    AuditTrailProjection projection;

    private final IssueTimeline issue = new IssueTimeline();

    @Test
    void everyEventBecomesOneEntryAndTheTrailIsInSequenceOrder() {
        List<EventEnvelope> events = List.of(issue.created(), issue.assigned("bo", null, 0), issue.escalated(1, 0),
                issue.resolved(), issue.closed(3));
        // Stored out of order on purpose: the trail's order is the issue's, not the arrival's.
        List<EventEnvelope> arrival = new ArrayList<>(events);
        Collections.reverse(arrival);
        arrival.forEach(this::apply);

        JsonNode trail = trail();

        assertThat(trail.get("issueId").stringValue()).isEqualTo(issue.issueId().toString());
        JsonNode entries = trail.get("entries");
        assertThat(entries).hasSize(5);
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope event = events.get(i);
            JsonNode entry = entries.get(i);
            assertThat(entry.get("eventId").stringValue()).isEqualTo(event.eventId().toString());
            assertThat(entry.get("sequence").longValue()).isEqualTo(event.sequence());
            assertThat(entry.get("globalPosition").longValue()).isEqualTo(event.globalPosition());
            assertThat(entry.get("type").stringValue()).isEqualTo(event.type());
            assertThat(entry.get("version").intValue()).isEqualTo(1);
            assertThat(entry.get("actor").stringValue()).isEqualTo(event.actor());
            assertThat(entry.get("occurredAt").stringValue()).isEqualTo(event.occurredAt().toString());
            assertThat(entry.get("recordedAt").stringValue()).isEqualTo(event.recordedAt().toString());
            assertThat(entry.get("correlationId").stringValue()).isEqualTo("corr-" + issue.issueId());
            assertThat(entry.get("sourceSystem").stringValue()).isEqualTo("monitoring");
        }
        assertThat(trail.get("freshness").has("lastGlobalPosition")).isTrue();
    }

    @Test
    void metadataAndPayloadAreKeptAsReceived() {
        apply(issue.created());
        EventEnvelope assigned = apply(issue.assigned("bo", null, 0));

        JsonNode entry = trail().get("entries").get(1);

        assertThat(entry.get("payload").get("owner").stringValue()).isEqualTo("bo");
        assertThat(entry.get("payload").get("previousOwner").isNull()).isTrue();
        assertThat(entry.get("payload").get("reassignments").intValue()).isZero();
        assertThat(entry.get("metadata").get("commandId").stringValue())
                .isEqualTo(assigned.metadata().get("commandId"));
        assertThat(entry.get("metadata").get("causationId").stringValue())
                .isEqualTo(assigned.metadata().get("causationId"));
    }

    @Test
    void redeliveredEventIsAppliedOnce() {
        EventEnvelope created = apply(issue.created());
        EventEnvelope assigned = apply(issue.assigned("bo", null, 0));

        apply(created);
        apply(assigned);
        apply(assigned);

        assertThat(auditRows(issue.issueId())).isEqualTo(2);
    }

    private EventEnvelope apply(EventEnvelope envelope) {
        projection.apply(IssueTimeline.consumed(envelope));
        return envelope;
    }

    private JsonNode trail() {
        return http.get().uri("/api/audit/issues/{id}", issue.issueId())
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }
}
