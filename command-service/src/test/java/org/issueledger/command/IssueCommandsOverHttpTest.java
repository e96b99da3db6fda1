package org.issueledger.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.axonframework.deadline.GenericDeadlineMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The write side on the real PostgreSQL and Kafka: HTTP in, rows in the event store, records on the topic. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IssueCommandsOverHttpTest {

    private static String topic;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        topic = CommandServiceTestSupport.register(registry, "commands_http");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    org.axonframework.config.Configuration axon;

    /**
     * The providers Axon asks about every message — on the command bus and in every tracking processor — answer nothing
     * about a stored event a processor handles, without reading its metadata back from the stored bytes (the message
     * throws if they do), while a deadline still gets the origin and the import's keys.
     */
    @Test
    void axonsCorrelationProvidersLeaveAHandledEventAloneAndAnswerForADeadline() {
        Message<?> stored = new GenericEventMessage<>("payload", Map.of("actor", "ana")) {
            @Override
            public MetaData getMetaData() {
                throw new AssertionError("a handled event's metadata was read");
            }
        };
        Message<?> deadline = GenericDeadlineMessage.asDeadlineMessage("sla", "payload", Instant.EPOCH)
                .andMetaData(Map.of("actor", "system:sla", "team", "Org line A2"));
        Map<String, Object> forDeadline = new java.util.HashMap<>();
        assertThat(axon.correlationDataProviders()).hasSizeGreaterThanOrEqualTo(2).allSatisfy(provider -> {
            assertThat(provider.correlationDataFor(stored)).isEmpty();
            forDeadline.putAll(provider.correlationDataFor(deadline));
        });
        assertThat(forDeadline).containsEntry(EventEnvelope.META_COMMAND_ID, deadline.getIdentifier())
                .containsEntry("actor", "system:sla").containsEntry("team", "Org line A2");
    }

    @Test
    void lifecycleCommandsAreStoredAndRelayedToKafkaInOrderWithTheirMetadata() throws Exception {
        UUID issueId = create("corr-lifecycle");
        assertThat(post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}",
                "X-API-Key", "dispatcher-key").statusCode()).isEqualTo(200);
        assertThat(post(port, "/api/issues/" + issueId + "/escalate", "{\"reason\":\"VIP customer\"}").statusCode())
                .isEqualTo(200);
        assertThat(post(port, "/api/issues/" + issueId + "/resolve",
                "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Restarted the MTA\"}").statusCode()).isEqualTo(200);
        assertThat(post(port, "/api/issues/" + issueId + "/close", "{\"closeCode\":\"DONE\",\"satisfaction\":5}")
                .statusCode()).isEqualTo(200);

        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, issueId.toString())).isEqualTo(10);

        List<ConsumerRecord<String, String>> records = consume(issueId, 10);
        assertThat(records).extracting(r -> envelope(r).path("type").asString())
                .containsExactly("IssueCreated", "SlaPolicyAttached", "SlaClockStarted", "SlaClockStarted",
                        "OwnerAssigned", "IssueEscalated", "IssueResolved", "SlaClockStopped", "SlaClockStopped",
                        "IssueClosed");
        assertThat(records).extracting(r -> envelope(r).path("sequence").asLong())
                .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());

        JsonNode created = envelope(records.get(0));
        assertThat(created.path("payload").path("title").asString()).isEqualTo("Printer on fire");
        assertThat(Instant.parse(created.path("occurredAt").asString())).isEqualTo(createdAt);
        assertThat(created.path("metadata").path("correlationId").asString()).isEqualTo("corr-lifecycle");
        assertThat(created.path("metadata").path("sourceSystem").asString()).isEqualTo("monitoring");
        assertThat(created.path("metadata").path("commandId").asString()).isNotBlank();
        assertThat(envelope(records.get(4)).path("actor").asString()).isEqualTo("dispatcher");

        ConsumerRecord<String, String> assigned = records.get(4);
        assertThat(header(assigned, EventEnvelope.HEADER_EVENT_TYPE)).isEqualTo("OwnerAssigned");
        assertThat(header(assigned, EventEnvelope.HEADER_EVENT_VERSION)).isEqualTo("1");
        assertThat(header(assigned, EventEnvelope.HEADER_ISSUE_SEQUENCE)).isEqualTo("4");
        assertThat(header(assigned, EventEnvelope.HEADER_EVENT_ID)).isEqualTo(envelope(assigned).path("eventId").asString());
        assertThat(Long.parseLong(header(assigned, EventEnvelope.HEADER_GLOBAL_POSITION)))
                .isGreaterThan(Long.parseLong(header(records.get(0), EventEnvelope.HEADER_GLOBAL_POSITION)));
    }

    /**
     * More concurrent commands than pooled connections: each command's SLA deadlines must be scheduled on the
     * command's own connection, or every command holds one connection while waiting for a second and the pool
     * starves (requests hung until the pool's 30 s timeout).
     */
    @Test
    void manyMoreConcurrentCommandsThanPooledConnectionsAllComplete() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(24);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            long started = System.nanoTime();
            for (int i = 0; i < 48; i++) {
                answers.add(clients.submit(() -> post(port, "/api/issues",
                        "{\"title\":\"Load\",\"category\":\"c\",\"priority\":\"P1\",\"reporter\":\"r\"}")
                        .statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(201);
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(25));
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void illegalTransitionIsA409ProblemAndAppendsNothing() throws Exception {
        UUID issueId = create("corr-illegal");
        long before = eventCount();
        HttpResponse<String> response = post(port, "/api/issues/" + issueId + "/close", "{\"closeCode\":\"DONE\"}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("OPEN").contains("close");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void unknownIssueIsA404Problem() throws Exception {
        HttpResponse<String> response = post(port, "/api/issues/" + UUID.randomUUID() + "/assign", "{\"owner\":\"ana\"}");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("title").asString()).isEqualTo("Unknown issue");
    }

    @Test
    void unknownEnumValueIsA400NamingTheField() throws Exception {
        long before = eventCount();
        HttpResponse<String> response = post(port, "/api/issues",
                "{\"title\":\"t\",\"category\":\"c\",\"priority\":\"P9\",\"reporter\":\"r\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.path("field").asString()).isEqualTo("priority");
        assertThat(problem.path("detail").asString()).contains("P9").contains("P1");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void missingRequiredFieldIsA400NamingTheField() throws Exception {
        HttpResponse<String> response = post(port, "/api/issues", "{\"title\":\"t\",\"priority\":\"P2\",\"reporter\":\"r\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("errors").has("category")).isTrue();
    }

    @Test
    void ruleViolationIsA422ProblemAndAppendsNothing() throws Exception {
        UUID issueId = create("corr-rule");
        assertThat(post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}").statusCode()).isEqualTo(200);
        long before = eventCount();
        HttpResponse<String> response = post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}");
        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("already owned by ana");
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void businessTimeGoingBackwardsIsA409() throws Exception {
        UUID issueId = create("corr-time");
        HttpResponse<String> response = post(port, "/api/issues/" + issueId + "/assign",
                "{\"owner\":\"ana\",\"occurredAt\":\"" + createdAt.minusSeconds(900) + "\"}");
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(json.readTree(response.body()).path("detail").asString()).contains("earlier than the last event");
    }

    @Test
    void aCommandTheServiceStampsIsNotRefusedWhenTheIssueIsAlreadyLaterThanItsClock() throws Exception {
        // What a concurrent command stamped a moment later (or on an instance whose clock runs ahead) leaves behind:
        // the issue's latest business time is later than this instance's "now".
        UUID issueId = create("corr-stamp");
        Instant ahead = Instant.now().plusSeconds(5).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        assertThat(post(port, "/api/issues/" + issueId + "/assign",
                "{\"owner\":\"ana\",\"occurredAt\":\"" + ahead + "\"}").statusCode()).isEqualTo(200);

        HttpResponse<String> stamped = post(port, "/api/issues/" + issueId + "/escalate", "{\"reason\":\"no answer\"}");

        assertThat(stamped.statusCode()).as(stamped.body()).isEqualTo(200);
        Instant escalatedAt = jdbc.queryForObject("""
                select convert_from(payload, 'UTF8')::json ->> 'occurredAt' from domain_event_entry
                 where aggregate_identifier = ? and payload_type like '%IssueEscalated'""", (rs, row) ->
                Instant.parse(rs.getString(1)), issueId.toString());
        assertThat(escalatedAt).as("the issue's time does not go back").isEqualTo(ahead);
    }

    @Test
    void oversizedFieldIsA400NamingTheField() throws Exception {
        long before = eventCount();
        HttpResponse<String> response = post(port, "/api/issues",
                "{\"title\":\"" + "x".repeat(201) + "\",\"category\":\"c\",\"priority\":\"P2\",\"reporter\":\"r\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("errors").has("title")).isTrue();
        assertThat(eventCount()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsA400Problem() throws Exception {
        HttpResponse<String> response = post(port, "/api/issues", "{\"title\": ");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).path("status").asInt()).isEqualTo(400);
    }

    /** Two writers racing for the same (issue, sequence): PostgreSQL's unique key makes the loser a concurrency conflict. */
    @Test
    void appendingAnExistingSequenceIsAConcurrencyConflict() throws Exception {
        UUID issueId = create("corr-race");
        assertThat(post(port, "/api/issues/" + issueId + "/assign", "{\"owner\":\"ana\"}").statusCode()).isEqualTo(200);
        var duplicate = new GenericDomainEventMessage<>("Issue", issueId.toString(), 1,
                new WorkStarted(issueId, Instant.parse("2026-03-02T09:00:00Z"), "intruder"));
        assertThatThrownBy(() -> storageEngine.appendEvents(duplicate)).isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void creatingAnExistingIssueAgainIsRefused() throws Exception {
        UUID issueId = create("corr-recreate");
        var again = new GenericDomainEventMessage<>("Issue", issueId.toString(), 0,
                new WorkStarted(issueId, Instant.parse("2026-03-02T09:00:00Z"), "intruder"));
        assertThatThrownBy(() -> storageEngine.appendEvents(again)).isInstanceOf(AggregateStreamCreationException.class);
    }

    /**
     * Business time is the sender's; "now" keeps the issue's SLA deadlines (P2: 4 h / 24 h) out of these
     * tests, which are about the lifecycle, not the clocks.
     */
    private final Instant createdAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);

    private UUID create(String correlationId) throws Exception {
        HttpResponse<String> response = post(port, "/api/issues", """
                {"title":"Printer on fire","description":"Smoke from tray 2","category":"hardware",
                 "component":"printer","priority":"P2","reporter":"rita","team":"desk",
                 "occurredAt":"%s"}""".formatted(createdAt),
                "X-Correlation-Id", correlationId, "X-Source-System", "monitoring", "X-API-Key", "rita-key");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Correlation-Id")).contains(correlationId);
        return UUID.fromString(json.readTree(response.body()).path("issueId").asString());
    }

    private long eventCount() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private JsonNode envelope(ConsumerRecord<String, String> record) {
        return json.readTree(record.value());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsumerRecord<String, String>> consume(UUID issueId, int expected) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(issueId.toString())) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }
}
