package org.issueledger.command.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issueledger.command.CommandServiceTestSupport;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The Kafka command ingress end to end on the real broker and PostgreSQL: records produced to this class's own
 * command topic, results read from its own results topic, the event store checked for what was appended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issueledger.ingress.identities.crm=svc-crm",
        "issueledger.ingress.poll-timeout=100ms"})
class CommandIngressTest {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String COMMANDS = "issue-commands-" + SUFFIX;
    private static final String RESULTS = "issue-command-results-" + SUFFIX;
    private static final String GROUP = "ingress-" + SUFFIX;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static KafkaProducer<String, String> producer;
    private static KafkaConsumer<String, String> results;
    /** Every result read so far, by correlation id, in the order they came. */
    private static final Map<String, List<JsonNode>> seen = new HashMap<>();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_ingress");
        registry.add("issueledger.ingress.topic", () -> COMMANDS);
        registry.add("issueledger.ingress.results-topic", () -> RESULTS);
        registry.add("issueledger.ingress.group-id", () -> GROUP);
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    CommandIngress ingress;

    @BeforeAll
    static void clients() {
        String servers = TestInfra.get().bootstrapServers();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
        results = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers,
                ConsumerConfig.GROUP_ID_CONFIG, "results-reader-" + SUFFIX,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
        results.subscribe(List.of(RESULTS));
    }

    @AfterAll
    static void closeClients() {
        producer.close();
        results.close();
    }

    @Test
    void aValidRecordCreatesTheIssueAsTheSourceSystemsIdentityAndIsAnsweredAccepted() throws Exception {
        String correlation = "crm-create-" + UUID.randomUUID();
        send(record("CREATE", null, createBody("Printer jam"), "crm-key-" + UUID.randomUUID(), correlation, "crm"));

        JsonNode result = awaitResults(correlation, 1).get(0);
        assertThat(result.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(result.path("httpStatus").asInt()).isEqualTo(201);
        assertThat(result.path("actor").asString()).isEqualTo("svc-crm");
        UUID issue = UUID.fromString(result.path("issueId").asString());
        JsonNode events = json.readTree(get(port, "/api/issues/" + issue + "/events").body()).path("events");
        assertThat(result.path("events").get(0).path("type").asString()).isEqualTo("IssueCreated");
        assertThat(result.path("events").get(0).path("eventId").asString())
                .isEqualTo(events.get(0).path("eventId").asString());
        assertThat(result.path("events").size()).as("the create and its SLA clocks").isEqualTo(events.size());
        assertThat(events.get(0).path("actor").asString()).isEqualTo("svc-crm");
        assertThat(events.get(0).path("metadata").path("sourceSystem").asString()).isEqualTo("crm");
        assertThat(events.get(0).path("metadata").path("correlationId").asString()).isEqualTo(correlation);

        // A verb on the issue, through the same path
        String assign = "crm-assign-" + UUID.randomUUID();
        send(record("assign", issue.toString(), "{\"owner\":\"ana\"}", null, assign, "crm"));
        JsonNode assigned = awaitResults(assign, 1).get(0);
        assertThat(assigned.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(assigned.path("events").get(0).path("type").asString()).isEqualTo("OwnerAssigned");
    }

    @Test
    void invalidRecordsAreAnsweredWithTheProblemRestGivesAndAppendNothing() throws Exception {
        long eventsBefore = storedEvents();

        // Missing title: the same problem as REST's answer to the same body
        String missingTitle = "{\"category\":\"hardware\",\"priority\":\"P4\",\"reporter\":\"rita\"}";
        HttpResponse<String> rest = post(port, "/api/issues", missingTitle);
        assertThat(rest.statusCode()).isEqualTo(400);
        JsonNode restProblem = json.readTree(rest.body());
        String c1 = "bad-" + UUID.randomUUID();
        send(record("CREATE", null, missingTitle, null, c1, "crm"));
        JsonNode problem = awaitResults(c1, 1).get(0).path("problem");
        assertThat(awaitResults(c1, 1).get(0).path("status").asString()).isEqualTo("REFUSED");
        assertSameProblem(problem, restProblem, "title", "status", "detail", "errors");

        // Not JSON at all, an unknown verb, a missing source system, an unknown source system
        String c2 = "bad-json-" + UUID.randomUUID();
        producer.send(new ProducerRecord<>(COMMANDS, c2, "{not json")).get();
        assertThat(awaitResults(c2, 1).get(0).path("problem").path("title").asString()).isEqualTo("Malformed request body");
        String c3 = "bad-verb-" + UUID.randomUUID();
        send(record("EXPLODE", UUID.randomUUID().toString(), "{}", null, c3, "crm"));
        assertThat(awaitResults(c3, 1).get(0).path("problem").path("title").asString()).isEqualTo("Unknown verb");
        String c4 = "no-source-" + UUID.randomUUID();
        send(record("CREATE", null, createBody("x"), null, c4, null));
        assertThat(awaitResults(c4, 1).get(0).path("problem").path("errors").path("sourceSystem").asString())
                .isEqualTo("must not be blank");
        String c5 = "stranger-" + UUID.randomUUID();
        send(record("CREATE", null, createBody("x"), null, c5, "erp"));
        assertThat(awaitResults(c5, 1).get(0).path("problem").path("status").asInt()).isEqualTo(403);

        // A refusal by the aggregate: the REST problem for the same command on the same issue
        UUID issue = restCreate("Scanner broken", null);
        HttpResponse<String> restStart = post(port, "/api/issues/" + issue + "/start", "");
        assertThat(restStart.statusCode()).isEqualTo(409);
        long issueEvents = storedEvents();
        String c6 = "illegal-" + UUID.randomUUID();
        send(record("START", issue.toString(), null, null, c6, "crm"));
        JsonNode illegal = awaitResults(c6, 1).get(0).path("problem");
        JsonNode restIllegal = json.readTree(restStart.body());
        assertSameProblem(illegal, restIllegal, "title", "status", "detail");
        assertThat(storedEvents()).isEqualTo(issueEvents);
        assertThat(eventsBefore).isLessThan(issueEvents); // only the REST create appended anything
    }

    @Test
    void aDuplicateIsAppliedOnceAndAnsweredTheSameAndSharesItsKeyWithRest() throws Exception {
        String key = "crm-dup-" + UUID.randomUUID();
        String body = createBody("Monitor flickers");
        String c1 = "dup-1-" + UUID.randomUUID();
        String c2 = "dup-2-" + UUID.randomUUID();
        send(record("CREATE", null, body, key, c1, "crm"));
        send(record("CREATE", null, body, key, c2, "crm"));
        JsonNode first = awaitResults(c1, 1).get(0);
        JsonNode second = awaitResults(c2, 1).get(0);
        assertThat(second.path("status").asString()).isEqualTo("ACCEPTED");
        assertThat(second.path("issueId")).isEqualTo(first.path("issueId"));
        assertThat(second.path("events")).isEqualTo(first.path("events"));
        assertThat(second.path("replayed").asBoolean()).isTrue();
        UUID issue = UUID.fromString(first.path("issueId").asString());
        assertThat(createdCount(issue)).isEqualTo(1);

        // The same key over REST, same request: the same issue, nothing appended
        HttpResponse<String> rest = post(port, "/api/issues", body, "Idempotency-Key", key);
        assertThat(rest.statusCode()).isEqualTo(201);
        assertThat(json.readTree(rest.body()).path("issueId").asString()).isEqualTo(issue.toString());
        assertThat(rest.headers().firstValue("Idempotent-Replayed")).contains("true");

        // The same key with a different request: the REST problem, over Kafka
        String c3 = "dup-3-" + UUID.randomUUID();
        send(record("CREATE", null, createBody("Something else"), key, c3, "crm"));
        JsonNode reused = awaitResults(c3, 1).get(0).path("problem");
        assertThat(reused.path("status").asInt()).isEqualTo(422);
        assertThat(reused.path("title").asString()).isEqualTo("Idempotency-Key reused");
    }

    @Test
    void afterAConsumerRestartThatReadsEverythingAgainNothingIsAppliedTwice() throws Exception {
        List<String> correlations = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String correlation = "restart-" + i + "-" + UUID.randomUUID();
            correlations.add(correlation);
            // No idempotency key: the record's own coordinates are its key
            send(record("CREATE", null, createBody("Restart " + i), null, correlation, "crm"));
        }
        List<UUID> issues = new ArrayList<>();
        for (String correlation : correlations) {
            issues.add(UUID.fromString(awaitResults(correlation, 1).get(0).path("issueId").asString()));
        }
        long stored = storedEvents();

        // Stop the consumer, rewind the group to the very beginning, start again: every record comes again.
        ingress.stop();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.get().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> rewind = new HashMap<>();
            admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()
                    .keySet().forEach(partition -> rewind.put(partition, new OffsetAndMetadata(0)));
            retryUntilGroupIsEmpty(() -> admin.alterConsumerGroupOffsets(GROUP, rewind).all().get());
        }
        ingress.start();

        for (int i = 0; i < correlations.size(); i++) {
            List<JsonNode> answers = awaitResults(correlations.get(i), 2);
            assertThat(answers.get(1).path("status").asString()).isEqualTo("ACCEPTED");
            assertThat(answers.get(1).path("issueId").asString()).isEqualTo(issues.get(i).toString());
            assertThat(answers.get(1).path("events")).isEqualTo(answers.get(0).path("events"));
            assertThat(createdCount(issues.get(i))).isEqualTo(1);
        }
        assertThat(storedEvents()).isEqualTo(stored);
    }

    // ---- helpers ------------------------------------------------------------------------------------------

    /** The same fields and values; REST leaves out the default type, which RFC 7807 defines as about:blank. */
    private static void assertSameProblem(JsonNode ingress, JsonNode rest, String... fields) {
        assertThat(ingress.path("type").asString())
                .isEqualTo(rest.path("type").isMissingNode() ? "about:blank" : rest.path("type").asString());
        for (String field : fields) {
            assertThat(ingress.path(field)).as(field).isEqualTo(rest.path(field));
        }
    }

    private interface Attempt {
        void run() throws Exception;
    }

    /** The group's old member may take a moment to leave after the consumer closed. */
    private static void retryUntilGroupIsEmpty(Attempt attempt) throws Exception {
        Instant deadline = Instant.now().plus(WAIT);
        while (true) {
            try {
                attempt.run();
                return;
            } catch (Exception e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static String createBody(String title) {
        return "{\"title\":\"" + title + "\",\"category\":\"hardware\",\"priority\":\"P4\",\"reporter\":\"rita\"}";
    }

    private String record(String verb, String issueId, String body, String key, String correlation, String source) {
        Map<String, Object> record = new HashMap<>();
        record.put("verb", verb);
        record.put("issueId", issueId);
        record.put("body", body == null ? null : json.readTree(body));
        record.put("idempotencyKey", key);
        record.put("correlationId", correlation);
        record.put("sourceSystem", source);
        return json.writeValueAsString(record);
    }

    private void send(String value) throws Exception {
        producer.send(new ProducerRecord<>(COMMANDS, value)).get();
    }

    private UUID restCreate(String title, String key) throws Exception {
        HttpResponse<String> response = key == null ? post(port, "/api/issues", createBody(title))
                : post(port, "/api/issues", createBody(title), "Idempotency-Key", key);
        assertThat(response.statusCode()).isEqualTo(201);
        return UUID.fromString(json.readTree(response.body()).path("issueId").asString());
    }

    private long storedEvents() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    private long createdCount(UUID issue) {
        return jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?"
                + " and payload_type like '%IssueCreated'", Long.class, issue.toString());
    }

    private List<JsonNode> awaitResults(String correlation, int count) {
        Instant deadline = Instant.now().plus(WAIT);
        while (seen.getOrDefault(correlation, List.of()).size() < count) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Fewer than " + count + " results for " + correlation + ": " + seen.get(correlation));
            }
            for (ConsumerRecord<String, String> record : results.poll(Duration.ofMillis(200))) {
                seen.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(json.readTree(record.value()));
            }
        }
        return seen.get(correlation);
    }
}
