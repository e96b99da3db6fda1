package org.issueledger.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.issueledger.local.TestInfra;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.websecurity.HostileInput;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Hostile input at every endpoint Spring MVC maps (read from the handler mapping, so a new endpoint is in
 * without anyone adding it): each request carries a defect no valid request has (see {@link HostileInput}),
 * sent with the all-roles key so that security is not what refuses it. Every answer must be a 4xx
 * problem+json, never a 5xx (reads given noise alone may answer 2xx, never 5xx), and every read-model
 * table's row count must be exactly as before. The seed is fixed so a failure can be replayed; a different
 * seed can be tried with -Dhostile.seed=….
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputTest {

    private static final long SEED = Long.getLong("hostile.seed", 20261122L);
    private static final int REQUESTS_PER_ENDPOINT = Integer.getInteger("hostile.requests", 30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String DATABASE_URL = TestInfra.get().freshDatabase("query_hostile");

    /** A database and topic of its own: the read models must stay exactly as they were, with no other test feeding them. */
    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra infra = TestInfra.get();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infra::user);
        registry.add("spring.datasource.password", infra::password);
        registry.add("issueledger.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("issueledger.kafka.topic", () -> "issue-events-hostile-" + java.util.UUID.randomUUID());
        registry.add("issueledger.kafka.consumer-group", () -> "issueledger-hostile-test");
        registry.add("issueledger.kafka.poll-timeout", () -> "100ms");
        registry.add("issueledger.security.api-keys", () -> QueryServiceTestSupport.API_KEYS);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointAnswersHostileInputWithA4xxProblemAndStoresNothing() throws Exception {
        Map<String, Long> before = stored();
        HostileInput hostile = new HostileInput(SEED, "audit_entry");
        List<String> failures = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        int sent = 0;
        // In a stable order, so that the seed replays the same requests.
        Map<RequestMappingInfo, HandlerMethod> ordered = new TreeMap<>(java.util.Comparator.comparing(RequestMappingInfo::toString));
        ordered.putAll(mappings.getHandlerMethods());
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : ordered.entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;   // Spring's /error, springdoc's document and UI: not ours, and public reads
                }
                endpoints.add(entry.getKey().getMethodsCondition() + " " + pattern);
                for (int i = 0; i < REQUESTS_PER_ENDPOINT; i++) {
                    HostileInput.Request request = hostile.next(entry.getKey(), entry.getValue(), pattern,
                            List.of());
                    String failure;
                    try {
                        failure = check(request, send(request));
                    } catch (java.io.IOException e) {
                        failure = "no answer: " + request.method() + " " + abbreviate(request.path()) + " ["
                                + request.defect() + "]: " + e;
                    }
                    sent++;
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            }
        }
        assertThat(endpoints).as("every controller's endpoints are found").hasSizeGreaterThan(18)
                .anyMatch(e -> e.contains("/api/issues/{id}"))
                .anyMatch(e -> e.contains("/api/audit/export"))
                .anyMatch(e -> e.contains("/api/sla/what-if"))
                .anyMatch(e -> e.contains("/api/rankings/{dimension}"))
                .anyMatch(e -> e.contains("/api/admin/rebuilds"));
        assertThat(failures).as(failures.size() + " of " + sent + " hostile requests answered wrongly").isEmpty();
        assertThat(stored()).as("every read model and table, unchanged").isEqualTo(before);
    }

    private String check(HostileInput.Request request, HttpResponse<String> answer) {
        String what = request.method() + " " + abbreviate(request.path()) + " [" + request.defect() + "] -> "
                + answer.statusCode() + " " + abbreviate(answer.body());
        int status = answer.statusCode();
        if (status >= 500) {
            return "server error: " + what;
        }
        if (request.defect().equals("none") && status < 400) {
            return null;
        }
        if (status < 400) {
            return "not refused: " + what;
        }
        if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return "not problem+json: " + what;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != status || problem.path("title").asString("").isBlank()) {
                return "problem without status or title: " + what;
            }
        } catch (RuntimeException e) {
            return "problem is not JSON: " + what;
        }
        return null;
    }

    private HttpResponse<String> send(HostileInput.Request request) throws Exception {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + request.path()))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", QueryServiceTestSupport.API_KEY)
                .method(request.method(), body);
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Row count of every table of the service. */
    private Map<String, Long> stored() {
        Map<String, Long> counts = new TreeMap<>();
        for (String table : jdbc.queryForList("select table_name from information_schema.tables"
                + " where table_schema = current_schema() and table_type = 'BASE TABLE'", String.class)) {
            counts.put(table, jdbc.queryForObject("select count(*) from \"" + table + "\"", Long.class));
        }
        return counts;
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
