package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.flywaydb.core.Flyway;
import org.issueledger.events.EventEnvelope;
import tools.jackson.databind.json.JsonMapper;

/**
 * Rebuild of all read models from BENCH_EVENTS (default 1,000,000) events, through the query-service's admin API
 * ({@code POST /api/admin/rebuilds}, then {@code GET /api/admin/rebuilds/{id}} until SWAPPED or FAILED).
 *
 * <p>Before the services start, the topic is filled with valid synthetic events ({@link SyntheticEvents}) produced
 * straight to Kafka, and the live consumer's stored offsets are set to the end of the topic, as if the read models
 * had long caught up: the rebuild then has the machine to itself, except for an analyst query every 250 ms whose
 * latency is the scenario's latency (queries must keep answering during a rebuild). The query-service's schema is
 * created for that by Flyway from the service's own migrations, exactly as the service would on its first start.
 */
final class RebuildScenario implements Scenario {

    static final String NAME = "rebuild";
    static final double TARGET_SECONDS = 60;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "rebuild of all read models from " + Settings.intEnv("BENCH_EVENTS", 1_000_000) + " events in Kafka";
    }

    @Override
    public int concurrency(Settings settings) {
        return 1;
    }

    @Override
    public void prepare(Context context) throws Exception {
        fill(context, Settings.intEnv("BENCH_EVENTS", 1_000_000), true, prepared(context.settings, NAME));
    }

    /**
     * Creates the query-service's schema and the topic, produces {@code events} synthetic events, and when
     * {@code caughtUp}, stores the end of the topic as the live consumer's offsets. Writes what it did to {@code into}.
     */
    static void fill(Context context, int events, boolean caughtUp, Path into) throws Exception {
        Settings settings = context.settings;
        Flyway.configure()
                .dataSource(settings.queryDbUrl(), settings.dbUser(), settings.dbPassword())
                .locations("filesystem:" + settings.migrations().toAbsolutePath())
                .load()
                .migrate();

        String topic = EventEnvelope.TOPIC;
        Properties properties = new Properties();
        properties.put("bootstrap.servers", settings.kafka());
        try (Admin admin = Admin.create(properties)) {
            // as command-service's TopicAdmin creates it
            admin.createTopics(List.of(new NewTopic(topic, Settings.intEnv("BENCH_PARTITIONS", 3), (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1", TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE)))).all().get();
        }

        Context.log("producing " + events + " synthetic events to " + topic + "...");
        SyntheticEvents generator = new SyntheticEvents(42, Instant.now().truncatedTo(ChronoUnit.SECONDS));
        long produced = 0;
        long issues = 0;
        AtomicReference<Exception> failure = new AtomicReference<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = Limits.producer(settings)) {
            while (produced < events) {
                List<ProducerRecord<String, String>> records = generator.nextIssue(topic);
                issues++;
                for (ProducerRecord<String, String> record : records) {
                    if (produced == events) {
                        break; // the last issue's lifecycle ends early: still a legal prefix
                    }
                    producer.send(record, (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        }
                    });
                    produced++;
                }
                if (produced % 100_000 < records.size()) {
                    Context.log("  " + produced + " events");
                }
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Context.log("produced " + produced + " events of " + issues + " issues in " + Math.round(seconds) + " s");

        Map<TopicPartition, Long> ends;
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
        if (!caughtUp) {
            ends = Map.of();
        }
        try (Connection connection = context.queryDb();
             PreparedStatement statement = connection.prepareStatement("""
                     INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset) VALUES (?, ?, ?, ?)
                     ON CONFLICT (consumer_group, topic, partition) DO UPDATE SET next_offset = excluded.next_offset""")) {
            for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
                statement.setString(1, Settings.env("BENCH_CONSUMER_GROUP", "issueledger-query"));
                statement.setString(2, topic);
                statement.setInt(3, end.getKey().partition());
                statement.setLong(4, end.getValue());
                statement.addBatch();
            }
            if (!ends.isEmpty()) {
                statement.executeBatch();
            }
        }

        Map<String, Object> filled = new LinkedHashMap<>();
        filled.put("events", produced);
        filled.put("issues", issues);
        filled.put("seconds", Latencies.round(seconds));
        filled.put("eventsPerSecond", Math.round(produced / seconds));
        Files.writeString(into, JSON.writeValueAsString(filled));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> filled = JSON.readValue(Files.readString(prepared(context.settings, NAME)), Map.class);
        out.put("topic", filled);
        out.put("target", "< " + (int) TARGET_SECONDS + " s");

        HttpResponse<String> started = context.http.send(HttpRequest.newBuilder(
                        URI.create(context.settings.queryUrl() + "/api/admin/rebuilds"))
                .header("X-API-Key", Context.API_KEY)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"readModels\":[\"all\"]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        long start = System.nanoTime();
        if (started.statusCode() != 202) {
            out.put("status", "NOT RUN");
            out.put("note", "POST /api/admin/rebuilds answered " + started.statusCode()
                    + " (the rebuild endpoint is not in this build yet?): " + abbreviate(started.body()));
            Context.log("rebuild: " + out.get("note"));
            return out;
        }
        String id = String.valueOf(JSON.readValue(started.body(), Map.class).get("id"));
        Context.log("rebuild " + id + " started");

        Latencies queries = new Latencies();
        AtomicLong stop = new AtomicLong();
        Thread analyst = new Thread(() -> {
            while (stop.get() == 0) {
                try {
                    long t = System.nanoTime();
                    HttpResponse<Void> response = context.http.send(HttpRequest.newBuilder(
                            URI.create(context.settings.queryUrl() + "/api/kpis")).timeout(Duration.ofSeconds(30))
                            .header("X-API-Key", Context.API_KEY)
                            .GET().build(), HttpResponse.BodyHandlers.discarding());
                    if (response.statusCode() == 200) {
                        queries.record(System.nanoTime() - t);
                    } else {
                        queries.error();
                    }
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    queries.error();
                }
            }
        }, "analyst");
        analyst.start();

        Map<String, Object> status = Map.of();
        long deadline = start + Duration.ofSeconds(Settings.intEnv("BENCH_REBUILD_TIMEOUT", 900)).toNanos();
        long lastLog = 0;
        try {
            while (System.nanoTime() < deadline) {
                HttpResponse<String> response = context.http.send(HttpRequest.newBuilder(
                                URI.create(context.settings.queryUrl() + "/api/admin/rebuilds/" + id))
                        .header("Accept", "application/json").header("X-API-Key", Context.API_KEY).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    status = JSON.readValue(response.body(), Map.class);
                    String state = String.valueOf(status.get("state"));
                    if (System.nanoTime() - lastLog > 5_000_000_000L) {
                        Context.log("rebuild " + state + ": " + status.get("eventsDone") + " / "
                                + status.get("eventsTotal") + " events, " + status.get("eventsPerSecond")
                                + " events/s, ETA " + status.get("etaSeconds") + " s");
                        lastLog = System.nanoTime();
                    }
                    if (!"RUNNING".equals(state)) {
                        break;
                    }
                }
                Thread.sleep(500);
            }
        } finally {
            stop.set(1);
            analyst.interrupt();
            analyst.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String state = String.valueOf(status.get("state"));
        long events = ((Number) filled.get("events")).longValue();
        out.put("rebuild", status);
        out.put("seconds", Latencies.round(seconds));
        out.put("throughput", new Figure(Latencies.round(events / seconds), "events/s"));
        out.put("latencyMs", queries.summary());
        out.put("latencyOf", "GET /api/kpis every 250 ms during the rebuild");
        long rows = issueViewRows(context);
        out.put("issueViewRowsAfter", rows);
        boolean complete = "SWAPPED".equals(state) && rows == ((Number) filled.get("issues")).longValue();
        out.put("status", !complete ? "FAILED (" + state + ", " + rows + " issues)" : seconds < TARGET_SECONDS ? "ok" : "MISSED");
        Context.log("rebuild " + state + " after " + Math.round(seconds) + " s; issue_view has " + rows + " rows");
        return out;
    }

    private static long issueViewRows(Context context) throws Exception {
        try (Connection connection = context.queryDb(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM issue_view")) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            return -1;
        }
    }

    static Path prepared(Settings settings, String scenario) throws Exception {
        Files.createDirectories(settings.resultsDir());
        return settings.resultsDir().resolve(scenario + ".prepared.json.tmp");
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

}
