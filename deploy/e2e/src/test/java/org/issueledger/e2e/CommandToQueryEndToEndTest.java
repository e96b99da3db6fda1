package org.issueledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The walking skeleton end to end, on the real components: HTTP command → Axon event store in
 * PostgreSQL → relay → Kafka → query-service read models in PostgreSQL → HTTP query.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandToQueryEndToEndTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(20);
    /** A killed consumer holds its partitions until the group's session timeout (10 s) expires. */
    private static final Duration VISIBLE_AFTER_CRASH = Duration.ofSeconds(60);

    private static ServicePair system;
    private static ServiceProcess commandService;
    private static ServiceProcess queryService;

    @BeforeAll
    static void startSystem() throws Exception {
        // P1 first response in 3 s, so that a breach happens within the test; everything else is the default policy.
        system = ServicePair.start("e2e", TestInfra.get().bootstrapServers(),
                "issue-events-e2e-" + UUID.randomUUID().toString().substring(0, 8),
                Map.of("SPRING_APPLICATION_JSON", "{\"issueledger\":{\"sla\":{\"targets\":{\"P1\":"
                        + "{\"first-response\":\"3s\",\"resolution\":\"1h\"}}},"
                        + "\"deadlines\":{\"polling-interval\":\"200ms\"}}}"));
        commandService = system.commandService;
        queryService = system.queryService;
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void issueLifecycleSentToTheCommandSideIsVisibleOnTheQuerySide() throws Exception {
        UUID issueId = create("Mail server down");
        command(issueId, "assign", "{\"owner\":\"ana\"}");
        command(issueId, "escalate", "{\"reason\":\"whole floor affected\"}");
        command(issueId, "resolve", "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Restarted the MTA\"}");
        command(issueId, "close", "{\"closeCode\":\"DONE\",\"satisfaction\":4}");

        JsonNode view = awaitQuery("/api/issues/" + issueId, v -> "CLOSED".equals(v.path("status").asString()));
        assertThat(view.path("owner").asString()).isEqualTo("ana");
        assertThat(view.path("escalationLevel").asInt()).isEqualTo(1);
        assertThat(view.path("title").asString()).isEqualTo("Mail server down");
        assertThat(view.path("freshness").path("lastGlobalPosition").asLong()).isGreaterThanOrEqualTo(4);

        // The five lifecycle changes, and in between the SLA clocks they started and stopped.
        JsonNode audit = awaitQuery("/api/audit/issues/" + issueId, a -> lifecycle(a).size() == 5);
        assertThat(lifecycle(audit)).containsExactly("IssueCreated", "OwnerAssigned", "IssueEscalated", "IssueResolved",
                "IssueClosed");
        assertThat(types(audit)).containsExactly("IssueCreated", "SlaPolicyAttached", "SlaClockStarted",
                "SlaClockStarted", "OwnerAssigned", "IssueEscalated", "IssueResolved", "SlaClockStopped",
                "SlaClockStopped", "IssueClosed");
        List<Long> sequences = new ArrayList<>();
        audit.path("entries").forEach(e -> sequences.add(e.path("sequence").asLong()));
        assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(audit.path("entries").get(4).path("actor").asString()).isEqualTo("dispatcher");
    }

    @Test
    @Order(2)
    void queryServiceKilledMidStreamMissesNothingAndDoublesNothing() throws Exception {
        UUID before = create("Before the crash");
        command(before, "assign", "{\"owner\":\"bo\"}");
        awaitQuery("/api/audit/issues/" + before, a -> lifecycle(a).size() == 2);

        queryService.kill();
        List<UUID> during = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            UUID issueId = create("While the query side is down " + i);
            command(issueId, "assign", "{\"owner\":\"cy\"}");
            command(issueId, "escalate", "{\"reason\":\"nobody answers\"}");
            during.add(issueId);
        }
        command(before, "escalate", "{\"reason\":\"crash\"}");
        queryService.start();
        queryService.awaitHealthy(Duration.ofSeconds(120));

        JsonNode beforeAudit = awaitQuery("/api/audit/issues/" + before, a -> lifecycle(a).size() == 3,
                VISIBLE_AFTER_CRASH);
        assertThat(lifecycle(beforeAudit)).containsExactly("IssueCreated", "OwnerAssigned", "IssueEscalated");
        assertThat(beforeAudit.path("entries").size()).isEqualTo(6);
        for (UUID issueId : during) {
            JsonNode audit = awaitQuery("/api/audit/issues/" + issueId, a -> lifecycle(a).size() >= 3);
            assertThat(lifecycle(audit)).containsExactly("IssueCreated", "OwnerAssigned", "IssueEscalated");
            assertThat(audit.path("entries").size()).as("each event exactly once").isEqualTo(6);
            JsonNode view = awaitQuery("/api/issues/" + issueId, v -> v.path("escalationLevel").asInt() == 1);
            assertThat(view.path("owner").asString()).isEqualTo("cy");
        }
    }

    @Test
    @Order(3)
    void unansweredIssueBreachesIsEscalatedAutomaticallyAndCountsAsBreached() throws Exception {
        UUID issueId = create("Payments down", "P1", "payments");

        // Nobody answers: the persistent timer records the warning and the breach, each with its escalation.
        JsonNode view = awaitQuery("/api/issues/" + issueId, v -> v.path("escalationLevel").asInt() >= 2);
        JsonNode audit = awaitQuery("/api/audit/issues/" + issueId, a -> types(a).contains("SlaBreached"));
        assertThat(types(audit)).containsSubsequence("SlaClockStarted", "SlaWarningReached", "IssueEscalated",
                "SlaBreached", "IssueEscalated");
        audit.path("entries").forEach(e -> {
            if (e.path("type").asString().equals("IssueEscalated")) {
                assertThat(e.path("actor").asString()).isEqualTo("system:sla");
            }
        });
        assertThat(view.path("status").asString()).isEqualTo("OPEN");

        JsonNode clocks = awaitQuery("/api/sla/issues/" + issueId, c -> c.path("clocks").size() == 2);
        assertThat(clocks.path("clocks").findValuesAsString("state")).contains("BREACHED");

        JsonNode compliance = awaitQuery("/api/sla/compliance?team=payments&groupBy=priority",
                c -> c.path("total").path("firstResponse").path("breached").asInt() == 1);
        assertThat(compliance.path("total").path("firstResponse").path("met").asInt()).isZero();
        assertThat(compliance.path("rows").get(0).path("group").path("priority").asString()).isEqualTo("P1");
    }

    private static UUID create(String title) throws Exception {
        return create(title, "P2", "ops");
    }

    private static UUID create(String title, String priority, String team) throws Exception {
        HttpResponse<String> response = post(commandService, "/api/issues", """
                {"title":"%s","description":"reported by phone","category":"email","component":"smtp",
                 "priority":"%s","reporter":"rita","team":"%s"}""".formatted(title, priority, team));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(response.body()).path("issueId").asString());
    }

    private static void command(UUID issueId, String verb, String body) throws Exception {
        HttpResponse<String> response = post(commandService, "/api/issues/" + issueId + "/" + verb, body);
        assertThat(response.statusCode()).as(verb + ": " + response.body()).isEqualTo(200);
    }

    private static HttpResponse<String> post(ServiceProcess service, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(service.url(path))
                .header("Content-Type", "application/json")
                .header("X-API-Key", "dispatcher-key")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls the query side until the answer satisfies the condition: the read side is eventually consistent. */
    private static JsonNode awaitQuery(String path, Predicate<JsonNode> condition) throws Exception {
        return awaitQuery(path, condition, VISIBLE_WITHIN);
    }

    private static JsonNode awaitQuery(String path, Predicate<JsonNode> condition, Duration within) throws Exception {
        return E2eHttp.await(queryService, path, condition, within);
    }

    private static List<String> types(JsonNode audit) {
        List<String> types = new ArrayList<>();
        audit.path("entries").forEach(e -> types.add(e.path("type").asString()));
        return types;
    }

    /** The entries that are lifecycle changes, without the SLA clocks' own events. */
    private static List<String> lifecycle(JsonNode audit) {
        return types(audit).stream().filter(type -> !type.startsWith("Sla")).toList();
    }
}
