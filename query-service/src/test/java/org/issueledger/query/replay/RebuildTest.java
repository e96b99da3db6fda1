package org.issueledger.query.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.local.TestInfra;
import org.issueledger.query.AuditRefusal;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.SampleEvents;
import org.issueledger.query.consuming.ReadModel;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;
import tools.jackson.databind.JsonNode;

/**
 * Rebuilds against a database and topic of their own: a rebuild replaces whole tables, so rows other test
 * classes write straight through a projection (never through Kafka) would rightly vanish and confuse them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
class RebuildTest {

    private static final String TOPIC = "issue-events-rebuild-test";
    private static final String DATABASE_URL = TestInfra.get().freshDatabase("query_rebuild");
    private static final long SEED = 20261122L;

    private static KafkaProducer<String, byte[]> producer;

    RestTestClient http;

    @Autowired
    void http(RestTestClient client) {
        this.http = client.mutate().defaultHeader(QueryServiceTestSupport.API_KEY_HEADER, QueryServiceTestSupport.API_KEY)
                .build();
    }

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Rebuilds rebuilds;

    private final Random random = new Random(SEED);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra infra = TestInfra.get();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infra::user);
        registry.add("spring.datasource.password", infra::password);
        registry.add("issueledger.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("issueledger.kafka.topic", () -> TOPIC);
        registry.add("issueledger.kafka.consumer-group", () -> "issueledger-rebuild-test");
        registry.add("issueledger.kafka.poll-timeout", () -> "100ms");
        registry.add("issueledger.security.api-keys", () -> QueryServiceTestSupport.API_KEYS);
    }

    @BeforeAll
    static void topic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
        }
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void rebuiltTablesEqualTheLiveOnesRowForRowAndQueriesKeepAnsweringMeanwhile() {
        Map<UUID, Long> lastSequences = produceRandomWorkload(120);
        awaitApplied(lastSequences);
        Map<String, List<String>> before = everyReadModelRow();
        Map<String, Long> tablesBefore = tableIds();

        UUID rebuild = start("all");
        AtomicInteger answered = new AtomicInteger();
        while (state(rebuild).equals("RUNNING")) {
            queriesAnswer();
            answered.incrementAndGet();
        }

        assertThat(state(rebuild)).isEqualTo("SWAPPED");
        assertThat(answered).as("queries answered while the rebuild ran").hasPositiveValue();
        Map<String, Long> tablesAfter = tableIds();
        tablesBefore.forEach((table, id) -> assertThat(tablesAfter.get(table)).as(table + " replaced").isNotEqualTo(id));
        assertThat(everyReadModelRow()).isEqualTo(before);
        assertThat(leftoverSchemas()).isEmpty();
        queriesAnswer();
    }

    @Test
    void recordsTheLiveConsumerSetAsideStayOutOfTheRebuiltTablesUntilTheOperatorResolvesThem() {
        // Parked: an unreadable record heads its issue's queue, and the issue's next event waits behind it.
        IssueTimeline parked = new IssueTimeline();
        produce(parked.created());
        produceRaw(parked.issueId(), "{not an event".getBytes(StandardCharsets.UTF_8));
        produce(parked.assigned("bo", null, 0));
        // Discarded: an event the audit trail refused, which the operator gave up on; a rebuild would accept it.
        IssueTimeline discarded = new IssueTimeline();
        try (AuditRefusal refusal = AuditRefusal.of(jdbc, discarded.issueId(), 1)) {
            produce(discarded.created());
            produce(discarded.assigned("cy", null, 0));
            produce(discarded.escalated(1, 0));
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> deadLetterStates(discarded.issueId())
                    .equals(List.of("DEAD", "HELD")));
        }
        http.delete().uri("/api/admin/dead-letters/{id}", deadLetterIds(discarded.issueId()).get(0)).exchange()
                .expectStatus().isOk();
        Map<UUID, Long> others = produceRandomWorkload(20);
        awaitApplied(others);
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> deadLetterStates(parked.issueId()).equals(List.of("DEAD", "HELD")));
        assertThat(lastSequenceInView(parked.issueId())).isZero();
        assertThat(lastSequenceInView(discarded.issueId())).isEqualTo(2);
        Map<String, List<String>> before = everyReadModelRow();

        UUID rebuild = start("all");
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !state(rebuild).equals("RUNNING"));

        assertThat(state(rebuild)).isEqualTo("SWAPPED");
        assertThat(everyReadModelRow()).as("the rebuilt tables hold what the live ones held, nothing set aside")
                .isEqualTo(before);
        // Still parked after the swap: discarding its head now releases the waiting event into the new tables.
        http.delete().uri("/api/admin/dead-letters/{id}", deadLetterIds(parked.issueId()).get(0)).exchange()
                .expectStatus().isOk();
        assertThat(lastSequenceInView(parked.issueId())).isEqualTo(1);
    }

    @Test
    void deadLetterIsNotResolvedWhileARebuildReplaysTheLog() {
        IssueTimeline parked = new IssueTimeline();
        produce(parked.created());
        produceRaw(parked.issueId(), "{not an event".getBytes(StandardCharsets.UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> deadLetterStates(parked.issueId()).equals(List.of("DEAD")));
        long dead = deadLetterIds(parked.issueId()).get(0);
        UUID running = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO rebuild_run (id, read_models, state, started_at, updated_at)
                        VALUES (:id, ARRAY['kpi'], 'RUNNING', now(), now())
                        """).param("id", running).update();
        try {
            http.delete().uri("/api/admin/dead-letters/{id}", dead).exchange()
                    .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Rebuild running");
            assertThat(deadLetterStates(parked.issueId())).containsExactly("DEAD");
        } finally {
            jdbc.sql("UPDATE rebuild_run SET state = 'FAILED' WHERE id = :id").param("id", running).update();
        }
        http.delete().uri("/api/admin/dead-letters/{id}", dead).exchange().expectStatus().isOk();
    }

    @Test
    void eventsArrivingDuringTheRebuildAreInTheSwappedTables() throws Exception {
        awaitApplied(produceRandomWorkload(60));
        Map<UUID, Long> duringRebuild = new LinkedHashMap<>();

        UUID rebuild = start("all");
        // A bounded trickle: the point is events landing while the rebuild runs, not outrunning it for ever.
        for (int burst = 0; burst < 5 && state(rebuild).equals("RUNNING"); burst++) {
            duringRebuild.putAll(produceRandomWorkload(3));
            Thread.sleep(200);
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> !state(rebuild).equals("RUNNING"));

        assertThat(state(rebuild)).isEqualTo("SWAPPED");
        awaitApplied(duringRebuild);
        for (Map.Entry<UUID, Long> issue : duringRebuild.entrySet()) {
            assertThat(jdbc.sql("SELECT count(*) FROM audit_entry WHERE issue_id = :id").param("id", issue.getKey())
                    .query(Long.class).single()).as("audit rows of " + issue.getKey()).isEqualTo(issue.getValue() + 1);
        }
    }

    @Test
    void rebuildingOneReadModelLeavesTheOthersInPlace() {
        awaitApplied(produceRandomWorkload(10));
        Map<String, Long> before = tableIds();

        UUID rebuild = start("kpi");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !state(rebuild).equals("RUNNING"));

        assertThat(state(rebuild)).isEqualTo("SWAPPED");
        Map<String, Long> after = tableIds();
        before.forEach((table, id) -> {
            if (table.startsWith("kpi_")) {
                assertThat(after.get(table)).as(table).isNotEqualTo(id);
            } else {
                assertThat(after.get(table)).as(table).isEqualTo(id);
            }
        });
    }

    @Test
    void statusShowsProgressOfTheWholeLog() {
        awaitApplied(produceRandomWorkload(10));
        long records = jdbc.sql("SELECT sum(next_offset) FROM consumer_offsets").query(Long.class).single();

        UUID rebuild = start("issue-view");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !state(rebuild).equals("RUNNING"));

        JsonNode status = status(rebuild);
        assertThat(status.get("readModels").get(0).asString()).isEqualTo("issue-view");
        assertThat(status.get("eventsDone").asLong()).isGreaterThanOrEqualTo(records);
        assertThat(status.get("eventsTotal").asLong()).isGreaterThanOrEqualTo(records);
        assertThat(status.get("eventsPerSecond").asDouble()).isPositive();
        assertThat(status.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void unknownReadModelIsABadRequestAndStartsNothing() {
        long runs = jdbc.sql("SELECT count(*) FROM rebuild_run").query(Long.class).single();

        http.post().uri("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("readModels", List.of("kpi", "nonsense")))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo("readModels");
        http.post().uri("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("readModels", List.of()))
                .exchange()
                .expectStatus().isBadRequest();

        assertThat(jdbc.sql("SELECT count(*) FROM rebuild_run").query(Long.class).single()).isEqualTo(runs);
    }

    @Test
    void secondRebuildWhileOneRunsIsAConflict() {
        UUID running = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO rebuild_run (id, read_models, state, started_at, updated_at)
                        VALUES (:id, ARRAY['kpi'], 'RUNNING', now(), now())
                        """).param("id", running).update();
        try {
            http.post().uri("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                    .body(Map.of("readModels", List.of("all")))
                    .exchange()
                    .expectStatus().isEqualTo(HttpStatus.CONFLICT)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        } finally {
            jdbc.sql("UPDATE rebuild_run SET state = 'FAILED' WHERE id = :id").param("id", running).update();
        }
    }

    @Test
    void rebuildLeftRunningByADeadInstanceIsAbandonedAndNoLongerBlocks() {
        UUID dead = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO rebuild_run (id, read_models, state, started_at, updated_at)
                        VALUES (:id, ARRAY['kpi'], 'RUNNING', now() - interval '10 minutes', now() - interval '5 minutes')
                        """).param("id", dead).update();
        jdbc.sql("CREATE SCHEMA " + Rebuild.schemaFor("rebuild_", dead)).update();

        UUID rebuild = start("rankings");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !state(rebuild).equals("RUNNING"));

        assertThat(state(dead)).isEqualTo("ABANDONED");
        assertThat(state(rebuild)).isEqualTo("SWAPPED");
        assertThat(leftoverSchemas()).isEmpty();
    }

    private UUID start(String readModel) {
        JsonNode started = http.post().uri("/api/admin/rebuilds").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("readModels", List.of(readModel)))
                .exchange()
                .expectStatus().isAccepted()
                .expectHeader().exists("Location")
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return UUID.fromString(started.get("id").asString());
    }

    private JsonNode status(UUID rebuild) {
        return http.get().uri("/api/admin/rebuilds/{id}", rebuild).exchange()
                .expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String state(UUID rebuild) {
        return status(rebuild).get("state").asString();
    }

    private void queriesAnswer() {
        for (String uri : List.of("/api/issues?size=5", "/api/kpis", "/api/rankings/category?window=all",
                "/api/sla/compliance", "/api/heatmap?rows=team&cols=category")) {
            http.get().uri(uri).exchange().expectStatus().isOk();
        }
    }

    /** Every row of every read-model table, as text, in a stable order. */
    private Map<String, List<String>> everyReadModelRow() {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (ReadModel model : rebuilds.readModels()) {
            for (String table : model.tables()) {
                rows.put(table, jdbc.sql("SELECT t::text AS row FROM " + table + " t ORDER BY 1")
                        .query(String.class).list());
            }
        }
        return rows;
    }

    private Map<String, Long> tableIds() {
        Map<String, Long> ids = new LinkedHashMap<>();
        for (ReadModel model : rebuilds.readModels()) {
            for (String table : model.tables()) {
                ids.put(table, jdbc.sql("SELECT CAST(CAST(:table AS regclass) AS oid)").param("table", table)
                        .query(Long.class).single());
            }
        }
        return ids;
    }

    private List<String> leftoverSchemas() {
        return jdbc.sql("SELECT nspname FROM pg_namespace WHERE nspname LIKE 'rebuild\\_%' OR nspname LIKE 'retired\\_%'")
                .query(String.class).list();
    }

    private void awaitApplied(Map<UUID, Long> lastSequences) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (Map.Entry<UUID, Long> issue : lastSequences.entrySet()) {
                assertThat(jdbc.sql("SELECT last_sequence FROM issue_view WHERE issue_id = :id")
                        .param("id", issue.getKey()).query(Long.class).optional())
                        .as("issue " + issue.getKey()).contains(issue.getValue());
            }
        });
    }

    /** Random but legal histories, plus one issue with a sample of every event type; answers each last sequence. */
    private Map<UUID, Long> produceRandomWorkload(int issues) {
        Map<UUID, Long> last = new LinkedHashMap<>();
        for (int i = 0; i < issues; i++) {
            List<EventEnvelope> events = randomStory().events();
            events.forEach(RebuildTest::produce);
            last.put(events.get(0).issueId(), (long) events.size() - 1);
        }
        IssueTimeline everything = new IssueTimeline();
        long sequence = -1;
        for (Class<? extends IssueEvent> type : SampleEvents.permittedTypes()) {
            produce(everything.next(SampleEvents.sample(type, everything.issueId(), everything.tick())));
            sequence++;
        }
        last.put(everything.issueId(), sequence);
        return last;
    }

    private IssueStory randomStory() {
        String[] teams = {"network", "storage", "desk"};
        String[] categories = {"outage", "access", "hardware", "software"};
        Instant at = Instant.parse("2026-10-01T08:00:00Z").plus(random.nextInt(40 * 24), ChronoUnit.HOURS);
        IssueStory story = IssueStory.created(time(at), "Printer " + random.nextInt(20) + " jams",
                pick(categories), "comp-" + random.nextInt(5), Priority.values()[random.nextInt(4)], pick(teams));
        if (random.nextInt(10) == 0) {
            return story.cancelled(time(at = later(at)), CancelReason.values()[random.nextInt(CancelReason.values().length)]);
        }
        story.assigned(time(at = later(at)), "owner-" + random.nextInt(6));
        if (random.nextBoolean()) {
            story.answered(time(at = later(at)));
        }
        story.started(time(at = later(at)));
        if (random.nextInt(4) == 0) {
            story.escalated(time(at = later(at)));
        }
        if (random.nextInt(4) == 0) {
            story.reclassified(time(at = later(at)), pick(categories), "comp-" + random.nextInt(5));
        }
        if (random.nextInt(5) == 0) {
            story.breached(time(at = later(at)), ClockKind.RESOLUTION);
        }
        if (random.nextInt(3) == 0) {
            return story;
        }
        story.resolved(time(at = later(at)));
        if (random.nextInt(5) == 0) {
            story.rejected(time(at = later(at))).resolved(time(at = later(at)));
        }
        story.closed(time(at = later(at)), random.nextBoolean() ? 1 + random.nextInt(5) : null);
        if (random.nextInt(6) == 0) {
            story.reopened(time(later(at)));
        }
        return story;
    }

    private Instant later(Instant at) {
        return at.plus(1 + random.nextInt(600), ChronoUnit.MINUTES);
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static String time(Instant at) {
        return at.toString().substring(0, 16);
    }

    private List<String> deadLetterStates(UUID issueId) {
        return jdbc.sql("SELECT state FROM dead_letter WHERE record_key = :key ORDER BY id")
                .param("key", issueId.toString()).query(String.class).list();
    }

    private List<Long> deadLetterIds(UUID issueId) {
        return jdbc.sql("SELECT id FROM dead_letter WHERE record_key = :key ORDER BY id")
                .param("key", issueId.toString()).query(Long.class).list();
    }

    private Long lastSequenceInView(UUID issueId) {
        return jdbc.sql("SELECT last_sequence FROM issue_view WHERE issue_id = :id").param("id", issueId)
                .query(Long.class).single();
    }

    private static void produceRaw(UUID key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, key.toString(), value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void produce(EventEnvelope envelope) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, envelope.issueId().toString(),
                IssueTimeline.json(envelope));
        record.headers().add(EventEnvelope.HEADER_EVENT_ID, envelope.eventId().toString().getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }
}
