package org.issueledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what, over real HTTP: for a representative endpoint of every controller, no key and an unknown
 * key are 401, each single-role key without the endpoint's role is 403 (both problem+json), a key with the role
 * gets past security — and nothing refused here appended anything. And the actor is the key's principal, not
 * what an {@code X-Actor} header claims.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccessRulesTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> SINGLE_ROLE_KEYS = Map.of(
            "INTEGRATOR", "integrator-only", "ANALYST", "analyst-only", "AUDITOR", "auditor-only", "ADMIN", "admin-only");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "security_access");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    /** An endpoint, the body that gets a key with the right role past security (but refused: it appends nothing), and its roles. */
    private record Rule(String method, String path, String body, Set<String> roles) {
    }

    private List<Rule> rules() {
        String issue = UUID.randomUUID().toString();
        return List.of(
                // IssueController: commands. "[]" is no valid command body: 400, after security let it through.
                new Rule("POST", "/api/issues", "[]", Set.of("INTEGRATOR")),
                new Rule("POST", "/api/issues/" + issue + "/assign", "[]", Set.of("INTEGRATOR")),
                new Rule("POST", "/api/issues/" + issue + "/start", null, Set.of("INTEGRATOR")),
                new Rule("DELETE", "/api/issues/" + issue + "/co-handlers/ana", null, Set.of("INTEGRATOR")),
                // IssueEventsController, IssueStateController, AuditController: the auditor's history.
                new Rule("GET", "/api/issues/" + issue + "/events", null, Set.of("AUDITOR", "ADMIN")),
                new Rule("GET", "/api/issues/" + issue + "/state", null, Set.of("AUDITOR", "ADMIN")),
                new Rule("GET", "/api/audit/issues/" + issue + "/verify", null, Set.of("AUDITOR", "ADMIN")),
                // ImportController.
                new Rule("POST", "/api/admin/imports", "[]", Set.of("INTEGRATOR")),
                new Rule("GET", "/api/admin/imports/" + issue, null, Set.of("INTEGRATOR", "ADMIN")),
                new Rule("GET", "/api/admin/imports", null, Set.of("INTEGRATOR", "ADMIN")),
                new Rule("DELETE", "/api/admin/imports/" + issue, null, Set.of("INTEGRATOR", "ADMIN")),
                // RepublishController: a negative position is refused, so an allowed call starts no job.
                new Rule("POST", "/api/admin/republish?fromPosition=-1", null, Set.of("ADMIN")),
                new Rule("GET", "/api/admin/republish/" + issue, null, Set.of("ADMIN")),
                // SlaPolicyController: read by whoever reads SLA figures, changed by the admin.
                new Rule("GET", "/api/admin/sla/policies", null, Set.of("ADMIN", "ANALYST", "AUDITOR")),
                new Rule("GET", "/api/admin/sla/policies/in-force?at=2026-01-01T00:00:00Z", null,
                        Set.of("ADMIN", "ANALYST", "AUDITOR")),
                new Rule("POST", "/api/admin/sla/policies", "[]", Set.of("ADMIN")),
                // WebhookController.
                new Rule("GET", "/api/admin/webhooks", null, Set.of("ADMIN")),
                new Rule("POST", "/api/admin/webhooks", "[]", Set.of("ADMIN")),
                new Rule("DELETE", "/api/admin/webhooks/" + issue, null, Set.of("ADMIN")),
                // Actuator beyond health.
                new Rule("GET", "/actuator/info", null, Set.of("ADMIN", "ANALYST")),
                // Nothing maps here: default deny, whatever the key.
                new Rule("GET", "/api/secret-new-endpoint", null, Set.of()));
    }

    @Test
    void everyControllerAnswers401WithoutAValidKeyAnd403ForTheWrongRoleAndAppendsNothing() throws Exception {
        long eventsBefore = events();
        List<String> checked = new ArrayList<>();
        for (Rule rule : rules()) {
            assertProblem(send(rule, null), 401, rule);
            assertProblem(send(rule, "not-a-configured-key"), 401, rule);
            for (Map.Entry<String, String> key : SINGLE_ROLE_KEYS.entrySet()) {
                HttpResponse<String> answer = send(rule, key.getValue());
                if (rule.roles().contains(key.getKey())) {
                    assertThat(answer.statusCode()).as(key.getKey() + " on " + rule.method() + " " + rule.path())
                            .isNotIn(401, 403).isLessThan(500);
                } else {
                    assertProblem(answer, 403, rule);
                }
                checked.add(key.getKey() + " " + rule.method() + " " + rule.path() + " -> " + answer.statusCode());
            }
        }
        assertThat(checked).hasSize(rules().size() * 4);
        assertThat(events()).as("nothing appended by refused or invalid requests").isEqualTo(eventsBefore);
    }

    @Test
    void healthProbesAndTheApiDescriptionNeedNoKey() throws Exception {
        for (String path : List.of("/actuator/health", "/actuator/health/liveness", "/v3/api-docs",
                "/swagger-ui/index.html")) {
            HttpResponse<String> answer = send(new Rule("GET", path, null, Set.of()), null);
            assertThat(answer.statusCode()).as(path).isNotIn(401, 403).isLessThan(500);
        }
    }

    @Test
    void theActorIsTheKeysPrincipalWhateverXActorClaims() throws Exception {
        String create = """
                {"title":"Badge reader broken","category":"facilities","priority":"P3","reporter":"rita"}""";
        HttpResponse<String> created = send("POST", "/api/issues", create, "dispatcher-key", "X-Actor", "the-ceo");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String issue = JSON.readTree(created.body()).path("issueId").asString();
        assertThat(send("POST", "/api/issues/" + issue + "/assign", "{\"owner\":\"ana\"}", "e2e-key",
                "X-Actor", "dispatcher").statusCode()).isEqualTo(200);

        JsonNode events = JSON.readTree(send("GET", "/api/issues/" + issue + "/events", null, "auditor-only").body())
                .path("events");
        List<String> actors = new ArrayList<>();
        events.forEach(e -> actors.add(e.path("actor").asString()));
        assertThat(actors).first().isEqualTo("dispatcher");
        // The unnamed key is named by its hash, never by the key itself nor by the header.
        assertThat(actors).last().isEqualTo("key-a781b3e1");
        assertThat(events.toString()).doesNotContain("the-ceo").doesNotContain("e2e-key");
    }

    private void assertProblem(HttpResponse<String> answer, int status, Rule rule) {
        String what = status + " expected for " + rule.method() + " " + rule.path();
        assertThat(answer.statusCode()).as(what + ": " + answer.body()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type").orElse("")).as(what)
                .startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.path("title").asString()).as(what).isEqualTo(status == 401 ? "Unauthorized" : "Forbidden");
        assertThat(problem.path("detail").asString()).as(what).isNotBlank();
        assertThat(problem.path("instance").asString()).as(what).isEqualTo(rule.path().split("\\?")[0]);
    }

    private HttpResponse<String> send(Rule rule, String key) throws Exception {
        return send(rule.method(), rule.path(), rule.body(), key);
    }

    private HttpResponse<String> send(String method, String path, String body, String key, String... headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("X-API-Key", key);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long events() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }
}
