package org.issueledger.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The machine's own limits, measured in the same run on the same PostgreSQL and Kafka, with event-sized payloads
 * (real envelopes from {@link SyntheticEvents}):
 *
 * <ul>
 *   <li>PostgreSQL: single-row INSERTs, each its own transaction (autocommit, fsync as the server is configured),
 *       into a table shaped like an event store's (unique event id, unique (issue, sequence), jsonb payload), from
 *       {@code concurrency} connections for {@code BENCH_LIMIT_SECONDS};</li>
 *   <li>Kafka: one producer as the relay configures it (acks=all, idempotent) but pipelined, i.e. not waiting for each
 *       acknowledgement, sending {@code BENCH_LIMIT_RECORDS} records to a 3-partition topic;</li>
 *   <li>for the imports only, PostgreSQL's bulk append ({@link StoreAppend}): the event store's own table taking rows
 *       the way the import writes them, with nothing else running.</li>
 * </ul>
 *
 * @param storeAppend null unless the scenario is an import
 */
record Limits(int concurrency, double pgInsertsPerSecond, double kafkaRecordsPerSecond, double meanPayloadBytes,
              StoreAppend storeAppend) {

    static Limits measure(Settings settings, int concurrency, boolean storeAppend) throws Exception {
        List<String> payloads = samplePayloads();
        double mean = payloads.stream().mapToInt(String::length).average().orElse(0);
        Context.log("limits: payloads of " + Math.round(mean) + " bytes on average; PostgreSQL insert rate at concurrency "
                + concurrency + "...");
        double pg = postgres(settings, concurrency, payloads);
        Context.log("limits: PostgreSQL " + Math.round(pg) + " single-row inserts/s; Kafka produce rate...");
        double kafka = kafka(settings, payloads);
        Context.log("limits: Kafka " + Math.round(kafka) + " records/s");
        StoreAppend append = storeAppend ? StoreAppend.measure(settings) : null;
        return new Limits(concurrency, pg, kafka, mean, append);
    }

    Map<String, Object> asMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("concurrency", concurrency);
        out.put("pgSingleRowInsertsPerSecond", Math.round(pgInsertsPerSecond));
        out.put("kafkaProducedRecordsPerSecond", Math.round(kafkaRecordsPerSecond));
        out.put("meanPayloadBytes", Math.round(meanPayloadBytes));
        if (storeAppend != null) {
            out.put("storeAppend", storeAppend.asMap());
        }
        return out;
    }

    static List<String> samplePayloads() {
        SyntheticEvents events = new SyntheticEvents(7, Instant.now());
        List<String> payloads = new ArrayList<>();
        while (payloads.size() < 5000) {
            events.nextIssue("x").forEach(record -> payloads.add(record.value()));
        }
        return payloads;
    }

    private static double postgres(Settings settings, int concurrency, List<String> payloads) throws Exception {
        String url = limitsDb(settings);
        try (Connection connection = java.sql.DriverManager.getConnection(url, settings.dbUser(), settings.dbPassword());
             Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS limit_event");
            statement.execute("""
                    CREATE TABLE limit_event (
                        global_index bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        event_id     uuid        NOT NULL UNIQUE,
                        issue_id     uuid        NOT NULL,
                        sequence     bigint      NOT NULL,
                        type         text        NOT NULL,
                        recorded_at  timestamptz NOT NULL DEFAULT now(),
                        payload      jsonb       NOT NULL,
                        UNIQUE (issue_id, sequence))""");
        }
        long seconds = Settings.intEnv("BENCH_LIMIT_SECONDS", 10);
        AtomicLong inserted = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        List<Throwable> failures = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                try (Connection connection = java.sql.DriverManager.getConnection(url, settings.dbUser(),
                        settings.dbPassword());
                     PreparedStatement insert = connection.prepareStatement(
                             "INSERT INTO limit_event (event_id, issue_id, sequence, type, payload) VALUES (?, ?, ?, ?, CAST(? AS jsonb))")) {
                    UUID issue = UUID.randomUUID();
                    long sequence = 0;
                    int i = 0;
                    while (System.nanoTime() < deadline) {
                        insert.setObject(1, UUID.randomUUID());
                        insert.setObject(2, issue);
                        insert.setLong(3, sequence++);
                        insert.setString(4, "IssueCreated");
                        insert.setString(5, payloads.get(i++ % payloads.size()));
                        insert.executeUpdate();
                        inserted.incrementAndGet();
                    }
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                } finally {
                    done.countDown();
                }
            });
            thread.start();
        }
        done.await();
        if (!failures.isEmpty()) {
            throw new IllegalStateException("PostgreSQL limit failed", failures.get(0));
        }
        return inserted.get() / (double) seconds;
    }

    /** The JDBC URL of a database of the limits' own, created if need be. */
    static String limitsDb(Settings settings) throws SQLException {
        try (Connection admin = new Context(settings).adminDb(); Statement statement = admin.createStatement()) {
            try {
                statement.execute("CREATE DATABASE bench_limits");
            } catch (SQLException exists) {
                // from an earlier scenario of the same run
            }
            return settings.adminDbUrl().replaceFirst("/[^/?]*(\\?|$)", "/bench_limits$1");
        }
    }

    private static double kafka(Settings settings, List<String> payloads) throws Exception {
        String topic = "bench-limit";
        Properties properties = new Properties();
        properties.put("bootstrap.servers", settings.kafka());
        try (Admin admin = Admin.create(properties)) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
            }
        }
        int records = Settings.intEnv("BENCH_LIMIT_RECORDS", 200_000);
        try (KafkaProducer<String, String> producer = producer(settings)) {
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                producer.send(new ProducerRecord<>(topic, Integer.toString(i % 10_000), payloads.get(i % payloads.size())));
            }
            producer.flush();
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }

    /** As the relay's producer (acks=all, idempotent), with batching so it can pipeline. */
    static KafkaProducer<String, String> producer(Settings settings) {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafka());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        properties.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 128L * 1024 * 1024);
        return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
    }
}
