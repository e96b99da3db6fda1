package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/sla/compliance?asOf=}: compliance as it stood at an instant, from events recorded by then. */
class SlaComplianceAsOfTest extends SlaTestSupport {

    @Test
    void complianceAsOfAnInstantShowsTheClocksAsTheyStoodThen() {
        String team = freshTeam("mail");
        List<EventEnvelope> events = SlaStory.of(team).events();
        events.forEach(event -> produce(event));
        String uri = "/api/sla/compliance?from={from}&to={to}&team={team}";
        // Every issue's last event applied: the issues sit in different partitions, consumed independently.
        eventually(() -> events.forEach(event -> assertThat(auditRows(event.issueId())).isGreaterThan((int) event.sequence())));

        JsonNode live = get(uri, SlaStory.FROM, "2024-02-01", team).get("total");
        JsonNode then = http.get().uri(uri + "&asOf={asOf}", SlaStory.FROM, "2024-02-01", team, "2024-01-12T00:00:00Z")
                .exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("total");

        // Live: the whole story. On 12 January only "met", "breached" and "paused" had been opened; "paused" was
        // still being worked on (its resolution clock running), and no resolution had been missed yet.
        assertThat(counts(live.get("firstResponse"))).isEqualTo("met=4 breached=2 running=0");
        assertThat(counts(then.get("firstResponse"))).isEqualTo("met=2 breached=1 running=0");
        assertThat(counts(then.get("resolution"))).isEqualTo("met=2 breached=0 running=1");
    }

    private static String counts(JsonNode figures) {
        return "met=" + figures.get("met").longValue() + " breached=" + figures.get("breached").longValue()
                + " running=" + figures.get("running").longValue();
    }
}
