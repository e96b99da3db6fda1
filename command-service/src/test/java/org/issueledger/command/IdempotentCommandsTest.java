package org.issueledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Integrators retry: the same Idempotency-Key must never append twice, however the repeat arrives. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IdempotentCommandsTest {

    private static final String CREATE = """
            {"title":"VPN drops","category":"network","priority":"P3","reporter":"rita"}""";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_idempotent");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    Environment environment;

    @Test
    void repeatedCreateReturnsTheFirstIssueAndAppendsNothing() throws Exception {
        String key = "create-" + UUID.randomUUID();
        HttpResponse<String> first = post(port, "/api/issues", CREATE, "Idempotency-Key", key);
        long afterFirst = eventCount();
        HttpResponse<String> second = post(port, "/api/issues", CREATE, "Idempotency-Key", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(201);
        assertThat(issueId(second)).isEqualTo(issueId(first));
        assertThat(second.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(second.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(eventCount()).isEqualTo(afterFirst);
    }

    @Test
    void sameKeySentConcurrentlyAppendsOnce() throws Exception {
        UUID issueId = issueId(post(port, "/api/issues", CREATE));
        String key = "assign-" + UUID.randomUUID();
        int senders = 8;
        CyclicBarrier start = new CyclicBarrier(senders);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < senders; i++) {
                Callable<HttpResponse<String>> send = () -> {
                    start.await();
                    return post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}", "Idempotency-Key", key);
                };
                answers.add(pool.submit(send));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                assertThat(issueId(response)).isEqualTo(issueId);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(eventsOf(issueId)).isEqualTo(2);
    }

    /**
     * A second instance on the same database — which is also what a restarted instance is — answers a
     * repeated key with the first outcome: the keys live in PostgreSQL, not in memory.
     */
    @Test
    void repeatedKeyOnAnotherInstanceReturnsTheFirstOutcome() throws Exception {
        String key = "instances-" + UUID.randomUUID();
        HttpResponse<String> first = post(port, "/api/issues", CREATE, "Idempotency-Key", key);
        long afterFirst = eventCount();
        // Command-line arguments, because they outrank application.yml (builder properties would not).
        try (ConfigurableApplicationContext other = new SpringApplicationBuilder(CommandServiceApplication.class)
                .run("--server.port=0",
                        "--spring.datasource.url=" + environment.getProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + environment.getProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + environment.getProperty("spring.datasource.password"),
                        "--issueledger.kafka.bootstrap-servers=" + environment.getProperty("issueledger.kafka.bootstrap-servers"),
                        "--issueledger.kafka.topic=" + environment.getProperty("issueledger.kafka.topic"),
                        "--issueledger.security.api-keys=" + CommandServiceTestSupport.API_KEYS)) {
            int otherPort = ((WebServerApplicationContext) other).getWebServer().getPort();
            HttpResponse<String> repeat = post(otherPort, "/api/issues", CREATE, "Idempotency-Key", key);
            assertThat(repeat.statusCode()).isEqualTo(201);
            assertThat(issueId(repeat)).isEqualTo(issueId(first));
            assertThat(repeat.headers().firstValue("Idempotent-Replayed")).contains("true");
        }
        assertThat(eventCount()).isEqualTo(afterFirst);
    }

    @Test
    void keyReusedForADifferentRequestIsRefusedAndAppendsNothing() throws Exception {
        UUID issueId = issueId(post(port, "/api/issues", CREATE));
        String key = "reuse-" + UUID.randomUUID();
        assertThat(post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}", "Idempotency-Key", key)
                .statusCode()).isEqualTo(200);
        HttpResponse<String> reused = post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"bo\"}",
                "Idempotency-Key", key);
        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(json.readTree(reused.body()).path("title").asString()).isEqualTo("Idempotency-Key reused");
        assertThat(eventsOf(issueId)).isEqualTo(2);
    }

    @Test
    void refusedCommandLeavesItsKeyFreeForACorrectedRetry() throws Exception {
        UUID issueId = issueId(post(port, "/api/issues", CREATE));
        String key = "refused-" + UUID.randomUUID();
        assertThat(post(port, "/api/issues/" + issueId + "/start", "{}", "Idempotency-Key", key).statusCode())
                .isEqualTo(409);
        assertThat(jdbc.queryForObject("select count(*) from command_idempotency where idempotency_key = ?",
                Long.class, key)).isZero();
        assertThat(eventsOf(issueId)).isEqualTo(1);
    }

    @Test
    void eventStreamComesStraightFromTheStoreInOrder() throws Exception {
        UUID issueId = issueId(post(port, "/api/issues", CREATE, "X-Correlation-Id", "stream-1"));
        post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}");
        post(port, "/api/issues/" + issueId + "/start", "");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/issues/" + issueId + "/events")).header("X-API-Key", "e2e-key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode events = json.readTree(response.body()).path("events");
        List<String> types = new ArrayList<>();
        events.forEach(e -> types.add(e.path("type").asString()));
        assertThat(types).containsExactly("IssueCreated", "SlaPolicyAttached", "SlaClockStarted", "SlaClockStarted",
                "OwnerAssigned", "WorkStarted");
        assertThat(events.get(5).path("sequence").asLong()).isEqualTo(5);
        assertThat(events.get(0).path("metadata").path("correlationId").asString()).isEqualTo("stream-1");
        assertThat(events.get(4).path("payload").path("owner").asString()).isEqualTo("ana");

        HttpResponse<String> unknown = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/issues/" + UUID.randomUUID() + "/events")).header("X-API-Key", "e2e-key").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    private UUID issueId(HttpResponse<String> response) {
        return UUID.fromString(json.readTree(response.body()).path("issueId").asString());
    }

    private long eventCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    /** The issue's lifecycle events, leaving out the SLA clocks' own (a creation also starts two clocks). */
    private long eventsOf(UUID issueId) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type not like 'org.issueledger.events.issue.Sla%'", Long.class, issueId.toString());
    }
}
