package org.issueledger.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.EntityExchangeResult;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may read what on the query side, over real HTTP: for a representative endpoint of every controller,
 * no key and an unknown key are 401, each single-role key without the endpoint's role is 403 (both
 * problem+json), and a key with the role gets past security. A refused rebuild starts nothing.
 */
class AccessRulesTest extends QueryServiceTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> SINGLE_ROLE_KEYS = Map.of(
            "INTEGRATOR", "integrator-only", "ANALYST", "analyst-only", "AUDITOR", "auditor-only", "ADMIN", "admin-only");
    private static final Set<String> READERS = Set.of("ANALYST", "AUDITOR", "ADMIN");

    private record Rule(HttpMethod method, String path, String body, Set<String> roles) {
    }

    private static List<Rule> rules() {
        String issue = UUID.randomUUID().toString();
        return List.of(
                new Rule(HttpMethod.GET, "/api/issues/" + issue, null, READERS),                  // IssueViewController
                new Rule(HttpMethod.GET, "/api/issues?size=5", null, READERS),                    // IssueListController
                new Rule(HttpMethod.GET, "/api/sla/issues/" + issue, null, READERS),              // SlaController
                new Rule(HttpMethod.GET, "/api/sla/at-risk", null, READERS),
                new Rule(HttpMethod.GET, "/api/rankings/category?window=30d", null, READERS),     // RankingController
                new Rule(HttpMethod.GET, "/api/kpis?from=2026-01-01&to=2026-01-31", null, READERS), // KpiController
                new Rule(HttpMethod.GET, "/api/trends?metric=created&interval=day&from=2026-01-01&to=2026-01-31",
                        null, READERS),                                                              // TrendController
                new Rule(HttpMethod.GET, "/api/heatmap?rows=team&cols=category", null, READERS), // HeatMapController
                new Rule(HttpMethod.GET, "/api/audit/issues/" + issue, null, Set.of("AUDITOR", "ADMIN")), // AuditController
                new Rule(HttpMethod.GET, "/api/audit?size=5", null, Set.of("AUDITOR", "ADMIN")),
                new Rule(HttpMethod.GET, "/api/audit/export?from=2026-01-01&to=2026-01-02", null, Set.of("AUDITOR", "ADMIN")),
                new Rule(HttpMethod.GET, "/api/admin/read-models", null, Set.of("ADMIN")),        // RebuildController
                new Rule(HttpMethod.GET, "/api/admin/rebuilds/" + issue, null, Set.of("ADMIN")),
                // An unknown read model: the admin gets a 400, so no rebuild runs during this test.
                new Rule(HttpMethod.POST, "/api/admin/rebuilds", "{\"readModels\":[\"no-such-model\"]}", Set.of("ADMIN")),
                new Rule(HttpMethod.GET, "/actuator/prometheus", null, Set.of("ANALYST", "ADMIN")),
                new Rule(HttpMethod.GET, "/internal/not-mapped-anywhere", null, Set.of()));   // default deny
    }

    @Test
    void everyControllerAnswers401WithoutAValidKeyAnd403ForTheWrongRole() {
        int checked = 0;
        for (Rule rule : rules()) {
            assertProblem(exchange(rule, null), 401, rule);
            assertProblem(exchange(rule, "not-a-configured-key"), 401, rule);
            for (Map.Entry<String, String> key : SINGLE_ROLE_KEYS.entrySet()) {
                EntityExchangeResult<String> answer = exchange(rule, key.getValue());
                if (rule.roles().contains(key.getKey())) {
                    assertThat(answer.getStatus().value()).as(key.getKey() + " on " + rule.path())
                            .isNotIn(401, 403).isLessThan(500);
                } else {
                    assertProblem(answer, 403, rule);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(rules().size() * 4);
    }

    @Test
    void probesTheApiDescriptionAndTheDashboardPageNeedNoKey() {
        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/v3/api-docs", "/",
                "/dashboard.js", "/dashboard.css")) {
            EntityExchangeResult<String> answer = exchange(new Rule(HttpMethod.GET, path, null, Set.of()), null);
            assertThat(answer.getStatus().value()).as(path).isNotIn(401, 403).isLessThan(500);
        }
    }

    private void assertProblem(EntityExchangeResult<String> answer, int status, Rule rule) {
        String what = status + " expected for " + rule.method() + " " + rule.path();
        assertThat(answer.getStatus().value()).as(what + ": " + answer.getResponseBody()).isEqualTo(status);
        assertThat(answer.getResponseHeaders().getContentType()).as(what)
                .matches(type -> type.isCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        JsonNode problem = JSON.readTree(answer.getResponseBody());
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(status);
        assertThat(problem.path("title").asString()).as(what).isEqualTo(status == 401 ? "Unauthorized" : "Forbidden");
        assertThat(problem.path("detail").asString()).as(what).isNotBlank();
        assertThat(problem.path("instance").asString()).as(what).isEqualTo(rule.path().split("\\?")[0]);
    }

    /** With the given key, or none at all (a client without the default key). */
    private EntityExchangeResult<String> exchange(Rule rule, String key) {
        org.springframework.test.web.servlet.client.RestTestClient bare = http.mutate()
                .defaultHeaders(headers -> headers.remove(API_KEY_HEADER)).build();
        org.springframework.test.web.servlet.client.RestTestClient.RequestBodySpec request = bare.method(rule.method())
                .uri(rule.path())
                .headers(headers -> {
                    if (key != null) {
                        headers.set(API_KEY_HEADER, key);
                    }
                });
        if (rule.body() != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(rule.body());
        }
        return request.exchange().expectBody(String.class).returnResult();
    }
}
