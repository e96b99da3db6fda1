package org.issueledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.e2e.E2eHttp.JSON;
import static org.issueledger.e2e.E2eHttp.post;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.issueledger.local.LocalPostgres;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The query side fails in the middle of applying a batch, twice, while commands keep flowing: first the
 * query-service is killed (SIGKILL) and started again, then its PostgreSQL is restarted under it. Each fault is
 * struck while one of its batch transactions has written rows and not yet committed. Afterwards the read models
 * equal, row for row, what a rebuild from the whole log makes of them: nothing lost, nothing counted twice.
 *
 * <p>The query side has a PostgreSQL server of its own (so that restarting it disturbs no other test); the command
 * side and the broker are the build's.
 */
class FaultQuerySideCrashTest {

    private static final String TOPIC = "issue-events-query-crash";
    private static final String DATABASE = "crash_query";
    private static final String GROUP = "issueledger-query";
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration CATCH_UP_WITHIN = Duration.ofSeconds(120);

    private static Path postgresDir;
    private static int postgresPort;
    private static LocalPostgres postgres;
    private static ServicePair system;

    @BeforeAll
    static void startSystem() throws Exception {
        postgresDir = Files.createTempDirectory("fault-query-postgres-");
        postgresPort = E2eHttp.freePort();
        postgres = LocalPostgres.start(postgresDir, postgresPort);
        postgres.createDatabaseIfAbsent(DATABASE);
        system = ServicePair.start("fault_crash", TestInfra.get().bootstrapServers(), TOPIC, Map.of(),
                Map.of("QUERY_DB_URL", postgres.jdbcUrl(DATABASE), "QUERY_CONSUMER_GROUP", GROUP));
    }

    @AfterAll
    static void stopSystem() throws Exception {
        try {
            if (system != null) {
                system.close();
            }
        } finally {
            if (postgres != null) {
                postgres.close();
            }
            if (postgresDir != null) {
                try (Stream<Path> files = Files.walk(postgresDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            }
        }
    }

    @Test
    void readModelsEqualARebuildFromScratchAfterTheServiceAndItsDatabaseDieMidBatch() throws Exception {
        Traffic traffic = new Traffic();
        traffic.start();
        try {
            traffic.awaitCommands(40);
            awaitBatchHalfWritten();
            system.queryService.kill();
            System.out.printf("FaultQuerySideCrashTest: query-service killed mid-batch after %d commands%n",
                    traffic.accepted.get());
            traffic.awaitCommands(traffic.accepted.get() + 20);
            system.queryService.start();
            system.queryService.awaitHealthy(Duration.ofSeconds(150));

            traffic.awaitCommands(traffic.accepted.get() + 20);
            awaitBatchHalfWritten();
            postgres.close();
            System.out.printf("FaultQuerySideCrashTest: query-side PostgreSQL stopped mid-batch after %d commands%n",
                    traffic.accepted.get());
            Thread.sleep(OUTAGE.toMillis());
            postgres = LocalPostgres.start(postgresDir, postgresPort);
            traffic.awaitCommands(traffic.accepted.get() + 20);
        } finally {
            traffic.stop();
        }
        assertThat(traffic.refused).as("commands refused by the command side (it never failed)").isEmpty();

        // The relay publishes after the commands were answered: read the topic's end only once it holds every
        // stored event, or the query side would be awaited at an end it has already passed.
        long stored = storedEvents();
        long[] published = {-1};
        try {
            QuerySide.awaitUntil("the relay publishing all " + stored + " stored events", CATCH_UP_WITHIN, () -> {
                published[0] = QuerySide.endOffsets(TestInfra.get().bootstrapServers(), TOPIC);
                return published[0] == stored;
            });
        } catch (AssertionError notReached) {
            throw new AssertionError(notReached.getMessage() + "; on the topic " + published[0], notReached.getCause());
        }
        long records = stored;
        long[] applied = {-1};
        try {
            QuerySide.awaitUntil("the query-service applying the whole topic (" + records + " records)",
                    CATCH_UP_WITHIN, () -> {
                        try (Connection connection = connect()) {
                            applied[0] = QuerySide.storedOffsetsSum(connection, GROUP, TOPIC);
                            return applied[0] == records;
                        }
                    });
        } catch (AssertionError notReached) {
            throw new AssertionError(notReached.getMessage() + "; applied " + applied[0] + ", dead letters "
                    + deadLetters(), notReached.getCause());
        }
        Map<String, List<String>> live;
        try (Connection connection = connect()) {
            live = QuerySide.readModels(connection);
        }

        JsonNode rebuild = JSON.readTree(post(system.queryService, "/api/admin/rebuilds",
                "{\"readModels\":[\"all\"]}").body());
        JsonNode finished = E2eHttp.await(system.queryService, "/api/admin/rebuilds/" + rebuild.path("id").asString(),
                status -> !status.path("state").asString().equals("RUNNING"), CATCH_UP_WITHIN);
        assertThat(finished.path("state").asString()).isEqualTo("SWAPPED");
        Map<String, List<String>> rebuilt;
        try (Connection connection = connect()) {
            rebuilt = QuerySide.readModels(connection);
        }

        assertThat(live.keySet()).contains("audit_entry", "issue_view", "sla_clock", "kpi_daily", "ranking_count");
        live.forEach((table, rows) -> assertThat(rows).as("table %s: after the faults vs rebuilt from scratch", table)
                .isEqualTo(rebuilt.get(table)));
        assertThat(live.get("audit_entry")).as("one audit entry per record on the topic").hasSize((int) records);
        assertThat(live.get("issue_view")).hasSize(traffic.issues.size());
        assertThat(live.get("dead_letter")).isEmpty();
        System.out.printf("FaultQuerySideCrashTest: %d commands on %d issues, %d events; %d read-model tables equal "
                + "to a rebuild from scratch%n", traffic.accepted.get(), traffic.issues.size(), records, live.size());
    }

    /**
     * Waits until a transaction of the query-service has written to its database and not yet committed: a batch
     * half-way (only batches write there while no operator acts).
     */
    private static void awaitBatchHalfWritten() throws Exception {
        try (Connection connection = connect();
             PreparedStatement open = connection.prepareStatement("""
                     SELECT count(*) FROM pg_stat_activity
                      WHERE datname = ? AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()
                     """)) {
            open.setString(1, DATABASE);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                try (ResultSet rows = open.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("No batch of the query-service caught half-way within 60 s");
    }

    /**
     * Issue events in the command side's event store (all appended: the traffic has stopped); the relay sends only
     * these (not, e.g., the SLA policy's own events).
     */
    private static long storedEvents() throws SQLException {
        try (Connection connection = DriverManager.getConnection(system.commandDatabaseUrl, TestInfra.get().user(),
                TestInfra.get().password());
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE 'org.issueledger.events.issue.%'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String deadLetters() {
        try (Connection connection = connect();
             ResultSet rows = connection.createStatement().executeQuery(
                     "SELECT coalesce(string_agg(state || ' ' || left(error, 200), '; '), 'none') FROM dead_letter")) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            return "unreadable (" + e.getMessage() + ")";
        }
    }

    private static Connection connect() throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(DATABASE), postgres.user(), postgres.password());
    }

    /** Two clients creating issues and moving them through their lifecycle until stopped. */
    private static final class Traffic {
        private static final List<String> STEPS = List.of("assign", "comment", "start", "comment", "resolve", "close");

        final List<String> issues = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final AtomicInteger accepted = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService clients = Executors.newFixedThreadPool(2);
        private final List<Future<?>> work = new CopyOnWriteArrayList<>();

        void start() {
            for (int client = 0; client < 2; client++) {
                int id = client;
                work.add(clients.submit(() -> {
                    for (int n = 0; running.get(); n++) {
                        issue("client " + id + " issue " + n);
                    }
                    return null;
                }));
            }
        }

        private void issue(String title) throws Exception {
            HttpResponse<String> created = post(system.commandService, "/api/issues", """
                    {"title":"%s","category":"network","priority":"P4","reporter":"rita","team":"ops"}"""
                    .formatted(title));
            if (created.statusCode() != 201) {
                refused.add("create: " + created.statusCode() + " " + created.body());
                return;
            }
            accepted.incrementAndGet();
            String id = JSON.readTree(created.body()).path("issueId").asString();
            issues.add(id);
            for (String step : STEPS) {
                if (!running.get()) {
                    return;
                }
                HttpResponse<String> answer = switch (step) {
                    case "assign" -> post(system.commandService, "/api/issues/" + id + "/assign", "{\"owner\":\"olga\"}");
                    case "comment" -> post(system.commandService, "/api/issues/" + id + "/comments",
                            "{\"text\":\"looking\",\"publicComment\":false}");
                    case "start" -> post(system.commandService, "/api/issues/" + id + "/start", "{}");
                    case "resolve" -> post(system.commandService, "/api/issues/" + id + "/resolve",
                            "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Replaced the cable\"}");
                    default -> post(system.commandService, "/api/issues/" + id + "/close",
                            "{\"closeCode\":\"DONE\",\"satisfaction\":4}");
                };
                if (answer.statusCode() / 100 != 2) {
                    refused.add(step + " " + id + ": " + answer.statusCode() + " " + answer.body());
                    return;
                }
                accepted.incrementAndGet();
            }
        }

        void awaitCommands(int count) throws Exception {
            QuerySide.awaitUntil(count + " commands accepted", Duration.ofSeconds(120), () -> {
                for (Future<?> client : work) {
                    if (client.isDone()) {
                        client.get(); // a client that died says why
                    }
                }
                return accepted.get() >= count;
            });
        }

        void stop() throws Exception {
            running.set(false);
            clients.shutdown();
            assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
            for (Future<?> client : work) {
                client.get();
            }
        }
    }
}
