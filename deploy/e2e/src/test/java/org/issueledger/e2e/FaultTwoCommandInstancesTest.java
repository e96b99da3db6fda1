package org.issueledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.e2e.E2eHttp.JSON;
import static org.issueledger.e2e.E2eHttp.with;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two command-service processes on one event store, eight threads each, mixed commands on the same twenty issues:
 * nothing lost, nothing doubled, one relay for the cluster.
 */
class FaultTwoCommandInstancesTest {

    private static final int ISSUES = 20;
    private static final int THREADS_PER_INSTANCE = 8;
    private static final int COMMANDS_PER_THREAD = 15;
    private static final String TOPIC = "issue-events-two-instances-" + UUID.randomUUID().toString().substring(0, 8);

    private static String databaseUrl;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void startTwoInstances() throws Exception {
        TestInfra infra = TestInfra.get();
        databaseUrl = infra.freshDatabase("fault_two_instances");
        for (int i = 0; i < 2; i++) {
            int port = E2eHttp.freePort();
            instances.add(new ServiceProcess("fault-two-command-" + i, "e2e.commandJar", port,
                    with(Map.of(), "DB_USER", infra.user(), "DB_PASSWORD", infra.password(),
                            "KAFKA_BOOTSTRAP_SERVERS", infra.bootstrapServers(), "ISSUE_EVENTS_TOPIC", TOPIC,
                            "AXONIQ_UPDATE_CHECKER_DISABLED", "true", "COMMAND_PORT", String.valueOf(port),
                            "COMMAND_DB_URL", databaseUrl)));
        }
        // One after the other: both running Flyway on an empty database at once is not what this test is about.
        instances.get(0).start();
        instances.get(0).awaitHealthy(Duration.ofSeconds(150));
        instances.get(1).start();
        instances.get(1).awaitHealthy(Duration.ofSeconds(150));
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceProcess instance : instances) {
            instance.close();
        }
    }

    /** One command sent: where, what, with which correlation id, and the answer. */
    record Sent(String issueId, String kind, String correlationId, int status, String body) {
    }

    @Test
    void concurrentCommandsOnTheSameIssuesThroughTwoInstancesLoseNothingAndDoubleNothing() throws Exception {
        List<String> issues = new ArrayList<>();
        for (int i = 0; i < ISSUES; i++) {
            HttpResponse<String> created = E2eHttp.post(instances.get(i % 2), "/api/issues",
                    "{\"title\":\"contended " + i + "\",\"category\":\"network\",\"priority\":\"P3\",\"reporter\":\"rita\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            issues.add(JSON.readTree(created.body()).path("issueId").asString());
        }

        List<Sent> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_INSTANCE);
        List<Future<?>> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < 2 * THREADS_PER_INSTANCE; t++) {
            ServiceProcess instance = instances.get(t % 2);
            workers.add(pool.submit(() -> {
                for (int c = 0; c < COMMANDS_PER_THREAD; c++) {
                    String issueId = issues.get(ThreadLocalRandom.current().nextInt(ISSUES));
                    boolean comment = ThreadLocalRandom.current().nextInt(3) > 0;
                    String correlation = UUID.randomUUID().toString();
                    String path = "/api/issues/" + issueId + (comment ? "/comments" : "/priority");
                    String body = comment ? "{\"text\":\"note " + correlation + "\",\"publicComment\":false}"
                            : "{\"priority\":\"P" + (1 + ThreadLocalRandom.current().nextInt(4)) + "\"}";
                    HttpResponse<String> answer = E2eHttp.post(instance, path, body, "X-Correlation-Id", correlation);
                    sent.add(new Sent(issueId, comment ? "comment" : "priority", correlation, answer.statusCode(),
                            answer.body()));
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        pool.shutdown();
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        // Every answer is an outcome: accepted, or refused as a conflict / rule — never a server error.
        assertThat(sent).allSatisfy(s -> assertThat(s.status()).as(s.body()).isIn(200, 409, 422));
        long accepted = sent.stream().filter(s -> s.status() == 200).count();
        // Refusals here are conflicts (409: still contended after the service's retries, or an edge-stamped
        // occurredAt overtaken by a concurrent command's): the client may retry them; most must get through.
        // A priority change to the priority the issue already has is a rule violation (422), not a conflict.
        assertThat(sent).filteredOn(s -> s.status() != 200).allSatisfy(s -> assertThat(s.status() == 409
                || s.status() == 422 && s.kind().equals("priority") && s.body().contains("already has priority"))
                .as(s.body()).isTrue());
        assertThat(accepted).isGreaterThan(sent.size() / 2);

        // Each accepted command's events are in the store once; a refused one left none.
        Map<String, Integer> eventsByCorrelation = new HashMap<>();
        List<String> storedIds = new ArrayList<>();
        for (String issueId : issues) {
            JsonNode stream = JSON.readTree(E2eHttp.get(instances.get(0), "/api/issues/" + issueId + "/events").body());
            long expectedSequence = 0;
            for (JsonNode event : stream.path("events")) {
                assertThat(event.path("sequence").asLong()).as("sequences of %s have no gap and no repeat", issueId)
                        .isEqualTo(expectedSequence++);
                eventsByCorrelation.merge(event.path("metadata").path("correlationId").asString(), 1, Integer::sum);
                storedIds.add(event.path("eventId").asString());
            }
        }
        for (Sent s : sent) {
            int events = eventsByCorrelation.getOrDefault(s.correlationId(), 0);
            if (s.status() != 200) {
                assertThat(events).as("refused %s left nothing", s).isZero();
            } else if (s.kind().equals("comment")) {
                assertThat(events).as("accepted %s stored exactly once", s).isEqualTo(1);
            } else {
                assertThat(events).as("accepted %s stored", s).isPositive();
            }
        }

        try (Connection db = DriverManager.getConnection(databaseUrl, TestInfra.get().user(), TestInfra.get().password());
                Statement sql = db.createStatement()) {
            assertThat(single(sql, "SELECT count(*) - count(DISTINCT global_index) FROM domain_event_entry")).isZero();
            assertThat(single(sql, "SELECT count(*) - count(DISTINCT (aggregate_identifier, sequence_number)) "
                    + "FROM domain_event_entry")).isZero();
            // The store also holds the SLA policy's own events; these are the issues'.
            String ours = issues.stream().map(id -> "'" + UUID.fromString(id) + "'").collect(
                    java.util.stream.Collectors.joining(","));
            assertThat(single(sql, "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier IN (" + ours + ")"))
                    .isEqualTo(storedIds.size());
            // The relay runs once per cluster: one segment, claimed by one of the two.
            assertThat(single(sql, "SELECT count(*) FROM token_entry WHERE processor_name = 'kafka-relay'")).isEqualTo(1);
            assertThat(single(sql, "SELECT count(DISTINCT owner) FROM token_entry WHERE processor_name = 'kafka-relay' "
                    + "AND owner IS NOT NULL")).isEqualTo(1);
        }

        // On Kafka: every stored event exactly once.
        Map<String, Integer> onTopic = readTopic(Set.copyOf(storedIds), Duration.ofSeconds(60));
        assertThat(onTopic.keySet()).containsExactlyInAnyOrderElementsOf(storedIds);
        assertThat(onTopic.values()).as("no event relayed twice").containsOnly(1);

        System.out.printf("FaultTwoCommandInstancesTest: %d commands (%d accepted, %d refused as conflicts/rules) "
                        + "from %d threads on %d issues through 2 instances in %d ms; %d events stored and relayed once%n",
                sent.size(), accepted, sent.size() - accepted, 2 * THREADS_PER_INSTANCE, ISSUES, tookMillis,
                storedIds.size());
    }

    private static long single(Statement sql, String query) throws Exception {
        try (ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Event id (header) → how many records carry it, once all wanted ids have been seen (then 2 s more). */
    private static Map<String, Integer> readTopic(Set<String> wanted, Duration within) {
        Map<String, Integer> seen = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fault-two-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + within.toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    var header = record.headers().lastHeader("event-id");
                    seen.merge(header == null ? "?" : new String(header.value()), 1, Integer::sum);
                }
                if (quietUntil == Long.MAX_VALUE && seen.keySet().containsAll(wanted)) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
                }
            }
        }
        return seen;
    }
}
