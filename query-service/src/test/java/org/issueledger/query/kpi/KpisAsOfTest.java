package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/kpis?asOf=}: the figures as the books stood at an instant, counting only what the event
 * store had recorded by then. Events go through Kafka here, as the as-of figures are replayed from the audit
 * trail, which only the consumer fills.
 */
class KpisAsOfTest extends KpiTestSupport {

    private static final String MARCH = "/api/kpis?from=2025-03-01&to=2025-03-31&team={team}";

    @Test
    void figuresAsOfAnInstantCountOnlyEventsRecordedByThen() {
        IssueStory onTime = IssueStory.created("2025-03-03T09:00", "VPN drops", "network", "vpn", Priority.P2, team)
                .assigned("2025-03-03T09:10", "bo")
                .resolved("2025-03-05T10:00")
                .closed("2025-03-06T10:00", 5);
        // Happened on the 4th, but only imported into the service on 10 April: at the end of the 5th, nobody knew.
        IssueStory importedLate = IssueStory.created("2025-03-04T09:00", "Mail slow", "mail", "smtp", Priority.P3, team);
        onTime.events().forEach(event -> produce(event));
        importedLate.events().stream().map(e -> recordedAt(e, Instant.parse("2025-04-10T08:00:00Z")))
                .forEach(event -> produce(event));
        // Every event applied, not just some: the two issues sit in partitions consumed independently.
        eventually(() -> {
            assertThat(auditRows(onTime.issueId())).isEqualTo(onTime.events().size());
            assertThat(auditRows(importedLate.issueId())).isEqualTo(importedLate.events().size());
        });

        JsonNode live = get(MARCH, team).get("total");
        JsonNode endOfFifth = asOf(MARCH, "2025-03-05T23:59:59Z").get("total");
        JsonNode afterImport = asOf(MARCH, "2025-04-30T00:00:00Z").get("total");

        assertThat(List.of(live.get("created").longValue(), live.get("resolved").longValue(),
                live.get("closed").longValue())).containsExactly(2L, 1L, 1L);
        assertThat(List.of(endOfFifth.get("created").longValue(), endOfFifth.get("resolved").longValue(),
                endOfFifth.get("closed").longValue())).containsExactly(1L, 1L, 0L);
        assertThat(afterImport).isEqualTo(live);
    }

    @Test
    void theSameInstantIsReplayedOnceAndAnsweredAgainFromTheSnapshot() {
        IssueStory.created("2025-03-03T09:00", "VPN drops", "network", "vpn", Priority.P2, team).events()
                .forEach(event -> produce(event));
        eventually(() -> assertThat(get(MARCH, team).get("total").get("created").longValue()).isEqualTo(1));
        String instant = "2025-02-01T00:00:00Z";

        asOf(MARCH, instant);
        asOf(MARCH, instant);

        assertThat(jdbc.sql("SELECT count(*) FROM as_of_snapshot WHERE as_of = CAST(:asOf AS timestamptz)")
                .param("asOf", instant).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anInstantInTheFutureOrNotAnInstantIsABadParameter() {
        for (String asOf : List.of(Instant.now().plusSeconds(3600).toString(), "yesterday")) {
            http.get().uri(MARCH + "&asOf={asOf}", team, asOf)
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    private JsonNode asOf(String uri, String instant) {
        return http.get().uri(uri + "&asOf={asOf}", team, instant)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-As-Of", instant)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private static EventEnvelope recordedAt(EventEnvelope e, Instant recordedAt) {
        return new EventEnvelope(e.eventId(), e.type(), e.version(), e.issueId(), e.sequence(), e.globalPosition(),
                e.occurredAt(), recordedAt, e.actor(), e.metadata(), e.payload());
    }
}
