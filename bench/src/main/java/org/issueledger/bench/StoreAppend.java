package org.issueledger.bench;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.postgresql.PGConnection;

/**
 * PostgreSQL's limit for the import's own writes, with nothing else running: rows the size of the synthetic import's
 * stored events (payload ~240 bytes, metadata ~430 with its three ids and two hashes) appended to the event store's
 * own table — created from the command-service's migration, so with its three indexes — the way the command-service
 * appends them: a binary {@code COPY} of Axon's nine columns per transaction, the global index from its sequence, from
 * as many connections as the importer has workers, each transaction as large as a worker's batch of 32 cases.
 *
 * <p>Its CPU per row is the floor of the import's database cost per stored event: the import stores ~2.3 events per
 * source event, so 20,000 source events/s need ~46,000 rows/s of this, beside everything else on the same two cores.
 *
 * @param postgresCpuMicrosPerRow PostgreSQL's CPU (all its processes) over the rows appended; null when the bench was
 *                                not told PostgreSQL's process (outside {@code bench/run.sh})
 */
record StoreAppend(int connections, int rowsPerTransaction, double rowsPerSecond, double meanRowBytes,
                   Double postgresCpuMicrosPerRow) {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final String COPY = "COPY domain_event_entry (event_identifier, aggregate_identifier, sequence_number,"
            + " type, time_stamp, payload_type, payload_revision, payload, meta_data) FROM STDIN (FORMAT binary)";
    /** The tables the store's migration (V1) creates. */
    private static final String DROP_TABLES = "DROP TABLE IF EXISTS domain_event_entry, snapshot_event_entry, token_entry";
    private static final String[] TYPES = {"IssueCreated", "SlaPolicyAttached", "SlaClockStarted", "OwnerAssigned",
            "IssuePutOnHold", "SlaClockPaused", "IssueResumed", "SlaClockResumed", "IssueResolved", "SlaClockStopped"};

    static StoreAppend measure(Settings settings) throws Exception {
        String url = Limits.limitsDb(settings);
        Path migration = Path.of(Settings.env("BENCH_STORE_MIGRATIONS", "command-service/src/main/resources/db/migration"))
                .resolve("V1__event_store.sql");
        try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), settings.dbPassword());
             Statement statement = connection.createStatement()) {
            statement.execute(DROP_TABLES);
            statement.execute(Files.readString(migration));
        }
        int connections = Settings.intEnv("BENCH_APPEND_CONNECTIONS", 4);
        int rows = Settings.intEnv("BENCH_APPEND_ROWS", 640);
        long seconds = Settings.intEnv("BENCH_LIMIT_SECONDS", 10);
        Context.log("limits: the event store's bulk append, " + connections + " connections, " + rows
                + " rows per COPY and transaction...");
        AtomicLong appended = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        List<Throwable> failures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        // The connections stay open until PostgreSQL's CPU is read: a backend's CPU moves to the postmaster's account
        // of exited children only once it is reaped, and a figure read in between would miss it.
        CountDownLatch appending = new CountDownLatch(connections);
        CountDownLatch measured = new CountDownLatch(1);
        ProcessStats postgres = settings.processes().containsKey("postgres")
                ? ProcessStats.start(Map.of("postgres", settings.processes().get("postgres"))) : null;
        long start = System.nanoTime();
        long deadline = start + seconds * 1_000_000_000L;
        for (int t = 0; t < connections; t++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), settings.dbPassword())) {
                    connection.setAutoCommit(false);
                    try {
                        while (System.nanoTime() < deadline) {
                            byte[] copy = transaction(rows);
                            var in = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
                            in.writeToCopy(copy, 0, copy.length);
                            in.endCopy();
                            connection.commit();
                            appended.addAndGet(rows);
                            bytes.addAndGet(copy.length);
                        }
                    } finally {
                        appending.countDown();
                        measured.await();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        appending.await();
        double wall = (System.nanoTime() - start) / 1e9;
        Double cpuPerRow = null;
        if (postgres != null) {
            Object figures = postgres.stop().get("postgres");
            double cpu = ((Number) ((Map<?, ?>) figures).get("cpuSeconds")).doubleValue();
            cpuPerRow = Latencies.round(cpu * 1e6 / Math.max(1, appended.get()));
        }
        measured.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        // Gone before the scenario starts: PostgreSQL drops the tables' buffers unwritten, where hundreds of MB left
        // dirty would be flushed by checkpoints during the scenario, on its CPU and disk.
        try (Connection connection = DriverManager.getConnection(url, settings.dbUser(), settings.dbPassword());
             Statement statement = connection.createStatement()) {
            statement.execute(DROP_TABLES);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("The store append limit failed", failures.get(0));
        }
        StoreAppend result = new StoreAppend(connections, rows, appended.get() / wall,
                bytes.get() / (double) Math.max(1, appended.get()), cpuPerRow);
        Context.log("limits: the event store's bulk append " + Math.round(result.rowsPerSecond) + " rows/s"
                + (cpuPerRow == null ? "" : ", PostgreSQL " + cpuPerRow + " µs of CPU per row"));
        return result;
    }

    Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("connections", connections);
        out.put("rowsPerTransaction", rowsPerTransaction);
        out.put("rowsPerSecond", Math.round(rowsPerSecond));
        out.put("meanRowBytes", Math.round(meanRowBytes));
        out.put("postgresCpuMicrosPerRow", postgresCpuMicrosPerRow);
        return out;
    }

    /** One transaction's rows in COPY's binary form: issues of 20 events each, as an import batch holds whole cases. */
    private static byte[] transaction(int rows) throws IOException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(rows * 1000);
        DataOutputStream out = new DataOutputStream(buffer);
        out.write(SIGNATURE);
        out.writeInt(0);
        out.writeInt(0);
        String issue = null;
        Instant at = Instant.parse("2024-01-01T00:00:00Z").plusSeconds(random.nextLong(60_000_000));
        for (int i = 0; i < rows; i++) {
            if (i % 20 == 0) {
                issue = UUID.randomUUID().toString();
            }
            at = at.plusMillis(random.nextLong(1, 3_600_000));
            String type = TYPES[i % TYPES.length];
            String payload = "{\"issueId\":\"" + issue + "\",\"owner\":\"agent-" + random.nextInt(1000)
                    + "\",\"previousOwner\":\"agent-" + random.nextInt(1000) + "\",\"assignmentCount\":" + random.nextInt(9)
                    + ",\"occurredAt\":\"" + at + "\",\"actor\":\"agent-" + random.nextInt(1000)
                    + "\",\"ruleId\":null,\"note\":\"" + "x".repeat(40 + random.nextInt(20)) + "\"}";
            String metadata = "{\"actor\":\"agent-" + random.nextInt(1000) + "\",\"causationId\":\"" + UUID.randomUUID()
                    + "\",\"commandId\":\"" + UUID.randomUUID() + "\",\"correlationId\":\"" + UUID.randomUUID()
                    + "\",\"hash\":\"" + hex(random) + "\",\"importedBy\":\"bench-admin\",\"importedFrom\":\"row "
                    + random.nextInt(1_000_000) + "\",\"previousHash\":\"" + hex(random)
                    + "\",\"sourceSystem\":\"import:synthetic.csv\",\"team\":\"Service desk " + random.nextInt(20) + "\"}";
            out.writeShort(9);
            text(out, UUID.randomUUID().toString());
            text(out, issue);
            out.writeInt(8);
            out.writeLong(i % 20);
            text(out, "Issue");
            text(out, at.toString());
            text(out, "org.issueledger.events.issue." + type);
            out.writeInt(-1); // no revision
            text(out, payload);
            text(out, metadata);
        }
        out.writeShort(-1);
        return buffer.toByteArray();
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /** A SHA-256's 64 hex digits. */
    private static String hex(ThreadLocalRandom random) {
        return String.format("%016x%016x%016x%016x", random.nextLong(), random.nextLong(), random.nextLong(),
                random.nextLong());
    }
}
