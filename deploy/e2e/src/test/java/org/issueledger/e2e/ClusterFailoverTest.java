package org.issueledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.issueledger.local.LocalKafkaCluster;
import org.issueledger.local.LocalPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Beyond one machine, on this one: a 3-node KRaft Kafka cluster, one PostgreSQL, two command-services and two
 * query-services as real processes, topic {@code issue-events} with 6 partitions, replication factor 3 and
 * min.insync.replicas 2. While commands flow through both command-services, one query-service is killed, one
 * Kafka node is stopped and the command-service holding the relay's token is killed. Afterwards every accepted
 * command's event is in the store exactly once and on the topic, and the read models the surviving instances
 * built equal, row for row, those a fresh query-service builds from the whole topic.
 *
 * <p>Figures (throughput, rebalance and relay failover times) go to {@code target/e2e-logs/cluster-figures.txt}.
 */
class ClusterFailoverTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String API_KEY = "e2e-key";
    private static final String TOPIC = "issue-events";
    private static final String GROUP = "cluster-query";
    private static final int PARTITIONS = 6;
    private static final int ISSUES = 120;
    private static final int WORKERS = 4;
    /**
     * The relay's batch, set here as in application.yml's default: the most events a killed relay holder can leave to
     * be sent again.
     */
    private static final int RELAY_BATCH_SIZE = 1000;
    private static final List<String> VERBS = List.of("create", "assign", "escalate", "resolve", "close");
    private static final Map<String, String> EVENT_OF_VERB = Map.of("create", "IssueCreated", "assign", "OwnerAssigned",
            "escalate", "IssueEscalated", "resolve", "IssueResolved", "close", "IssueClosed");

    private static Path root;
    private static LocalPostgres postgres;
    private static LocalKafkaCluster kafka;
    private static Admin admin;
    private static Map<String, String> common;
    private static final List<ServiceProcess> commandServices = new ArrayList<>();
    private static final List<ServiceProcess> queryServices = new ArrayList<>();
    private static final List<ServiceProcess> started = new ArrayList<>();
    private static final StringBuilder figures = new StringBuilder();

    @BeforeAll
    static void startCluster() throws Exception {
        long begin = System.nanoTime();
        root = Files.createTempDirectory("issueledger-cluster-");
        // Kafka first: it also turns the servers' loggers (Kafka, zonky) down to WARN.
        kafka = LocalKafkaCluster.start(root.resolve("kafka"), 3);
        postgres = LocalPostgres.start(root.resolve("postgres"), 0);
        Stream.of("cluster_command", "cluster_query", "cluster_rebuild").forEach(postgres::createDatabaseIfAbsent);
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        common = Map.of(
                "DB_USER", postgres.user(),
                "DB_PASSWORD", postgres.password(),
                "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers(),
                "ISSUE_EVENTS_TOPIC", TOPIC,
                "ISSUE_EVENTS_PARTITIONS", String.valueOf(PARTITIONS),
                "ISSUE_EVENTS_REPLICATION_FACTOR", "3",
                "QUERY_CONSUMER_GROUP", GROUP,
                "RELAY_BATCH_SIZE", String.valueOf(RELAY_BATCH_SIZE),
                "AXONIQ_UPDATE_CHECKER_DISABLED", "true",
                "ISSUELEDGER_API_KEYS", "e2e-key:INTEGRATOR,e2e-key:ANALYST,e2e-key:AUDITOR,e2e-key:ADMIN");
        for (int i = 1; i <= 2; i++) {
            commandServices.add(commandService("cluster-command-" + i));
            queryServices.add(queryService("cluster-query-" + i, "cluster_query", GROUP, "query-" + i));
        }
        for (ServiceProcess service : started) {
            service.start();
        }
        for (ServiceProcess service : started) {
            service.awaitHealthy(Duration.ofSeconds(240));
        }
        record("start-up of 3 Kafka nodes, PostgreSQL and 4 services: %d s", seconds(begin));
    }

    @AfterAll
    static void stopCluster() throws Exception {
        for (ServiceProcess service : started) {
            service.close();
        }
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        Path log = Path.of(System.getProperty("e2e.logDir", "target/e2e-logs"), "cluster-figures.txt");
        Files.createDirectories(log.getParent());
        Files.writeString(log, figures.toString());
        System.out.print(figures);
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void queryServiceBrokerAndRelayHolderDyingDuringTrafficLoseAndDoubleNothing() throws Exception {
        QuerySide.awaitUntil("the command-services created " + TOPIC, Duration.ofSeconds(60),
                () -> topicNames().contains(TOPIC));
        assertTopicIsReplicated();
        QuerySide.awaitUntil("two query-services sharing the " + PARTITIONS + " partitions", Duration.ofSeconds(60),
                () -> assignments().size() == 2 && assignments().values().stream().allMatch(n -> n == PARTITIONS / 2));

        Traffic traffic = new Traffic();
        long trafficStart = System.nanoTime();
        traffic.start();

        traffic.awaitProgress(0.2);
        ServiceProcess stoppedQuery = queryServices.get(1);
        long queryKilled = System.nanoTime();
        stoppedQuery.kill();
        record("query-service 2 killed at %d of %d issues", traffic.done.get(), ISSUES);
        // Measured on the side while the other faults happen.
        CompletableFuture<Long> rebalanced = CompletableFuture.supplyAsync(() -> {
            try {
                QuerySide.awaitUntil("query-service 1 owning all " + PARTITIONS + " partitions", Duration.ofSeconds(90),
                        () -> assignments().values().stream().anyMatch(n -> n == PARTITIONS));
                return millis(queryKilled);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        });

        traffic.awaitProgress(0.35);
        kafka.stop(2);
        record("Kafka node 2 stopped at %d of %d issues", traffic.done.get(), ISSUES);

        traffic.awaitProgress(0.5);
        String holder = relayOwner();
        ServiceProcess relayHolder = commandServices.stream().filter(c -> holder.startsWith(c.pid() + "@"))
                .findFirst().orElseThrow(() -> new AssertionError("No command-service holds the relay: " + holder));
        int holderIndex = commandServices.indexOf(relayHolder);
        long relayKilled = System.nanoTime();
        traffic.alive[holderIndex] = false;
        relayHolder.kill();
        record("relay holder command-service %d killed at %d of %d issues", holderIndex + 1, traffic.done.get(), ISSUES);
        QuerySide.awaitUntil("the other command-service claiming the relay", Duration.ofSeconds(60), () -> {
            String owner = relayOwner();
            return owner != null && !owner.equals(holder);
        });
        record("relay failover (kill → other instance holds the token): %.1f s", millis(relayKilled) / 1000.0);

        record("rebalance (query-service killed → the survivor owns all partitions; static member, 10 s session timeout): %.1f s",
                rebalanced.get(100, TimeUnit.SECONDS) / 1000.0);

        traffic.awaitDone(Duration.ofSeconds(180));
        double trafficSeconds = millis(trafficStart) / 1000.0;
        record("traffic: %d commands accepted (%d retried on the other instance) in %.1f s: %.0f commands/s over 2 → 1 instances",
                traffic.accepted.get(), traffic.retried.get(), trafficSeconds, traffic.accepted.get() / trafficSeconds);
        kafka.start(2);

        // Every accepted command appended its event exactly once.
        Map<String, Map<String, Integer>> stored = lifecycleEventsInStore();
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(traffic.issues());
        traffic.acceptedVerbs.forEach((issue, verbs) -> {
            Map<String, Integer> expected = new HashMap<>();
            verbs.forEach(verb -> expected.put(EVENT_OF_VERB.get(verb), 1));
            assertThat(stored.get(issue)).as("lifecycle events of issue %s", issue).isEqualTo(expected);
        });

        // Every stored event reached the topic; a repeat can only come from the relay holder killed between its sends
        // and its token update: at most one relay batch, sent once more by the new holder.
        Set<String> storedEventIds = storedEventIds();
        QuerySide.awaitUntil("every stored event on the topic", Duration.ofSeconds(90),
                () -> topicEventIds().keySet().containsAll(storedEventIds));
        Map<String, Integer> onTopic = topicEventIds();
        assertThat(onTopic.keySet()).isEqualTo(storedEventIds);
        long repeated = onTopic.values().stream().filter(n -> n > 1).count();
        assertThat(onTopic.values()).allMatch(n -> n <= 2);
        assertThat(repeated).as("events sent twice (only the killed relay's last batch may repeat)")
                .isLessThanOrEqualTo(RELAY_BATCH_SIZE);
        record("event store: %d events, all on the topic; %d sent twice by the relay failover (consumers skip them)",
                storedEventIds.size(), repeated);

        long ends = endOffsets();
        QuerySide.awaitUntil("query-service 1 applying the whole topic", Duration.ofSeconds(90),
                () -> storedOffsetsSum("cluster_query", GROUP) == ends);

        long rebuildStart = System.nanoTime();
        ServiceProcess fresh = queryService("cluster-query-rebuild", "cluster_rebuild", "cluster-rebuild", "");
        fresh.start();
        fresh.awaitHealthy(Duration.ofSeconds(180));
        QuerySide.awaitUntil("a fresh query-service applying the whole topic", Duration.ofSeconds(120),
                () -> storedOffsetsSum("cluster_rebuild", "cluster-rebuild") == ends);
        record("fresh query-service: start and read-model build from the whole topic (%d records) in %d s",
                ends, seconds(rebuildStart));

        Map<String, List<String>> live = readModels("cluster_query");
        Map<String, List<String>> rebuilt = readModels("cluster_rebuild");
        assertThat(live.keySet()).isEqualTo(rebuilt.keySet()).contains("audit_entry", "issue_view", "sla_clock");
        live.forEach((table, rows) -> assertThat(rows).as("table %s, live vs rebuilt", table).isEqualTo(rebuilt.get(table)));
        assertThat(live.get("audit_entry")).hasSize(storedEventIds.size());
        assertThat(live.get("dead_letter")).isEmpty();
        record("read models: %d tables equal row for row to a rebuild from scratch (%d audit entries)",
                live.size(), live.get("audit_entry").size());
    }

    /** Commands for {@link #ISSUES} issues, spread over both command-services, each retried on the other on failure. */
    private static final class Traffic {
        final boolean[] alive = {true, true};
        final AtomicInteger done = new AtomicInteger();
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger retried = new AtomicInteger();
        final Map<String, List<String>> acceptedVerbs = new ConcurrentHashMap<>();
        private final ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        private final List<Future<?>> running = new ArrayList<>();

        void start() {
            for (int i = 0; i < ISSUES; i++) {
                int issue = i;
                running.add(workers.submit(() -> {
                    runIssue(issue);
                    return null;
                }));
            }
            workers.shutdown();
        }

        private void runIssue(int issue) throws Exception {
            String issueId = null;
            List<String> verbs = new ArrayList<>();
            for (int k = 0; k < VERBS.size(); k++) {
                String verb = VERBS.get(k);
                String path = issueId == null ? "/api/issues" : "/api/issues/" + issueId + "/" + verb;
                HttpResponse<String> response = send(issue + k, path, body(verb, issue));
                if (issueId == null) {
                    issueId = JSON.readTree(response.body()).path("issueId").asString();
                }
                verbs.add(verb);
                accepted.incrementAndGet();
            }
            acceptedVerbs.put(issueId, verbs);
            done.incrementAndGet();
        }

        /** One command, same Idempotency-Key on every attempt: a retry after an unknown outcome appends nothing. */
        private HttpResponse<String> send(int spread, String path, String body) throws Exception {
            String key = UUID.randomUUID().toString();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String last = null;
            for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
                int target = (spread + attempt) % 2;
                if (!alive[target]) {
                    target = 1 - target;
                }
                if (attempt > 0) {
                    retried.incrementAndGet();
                }
                try {
                    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(commandServices.get(target).url(path))
                            .timeout(Duration.ofSeconds(20))
                            .header("Content-Type", "application/json")
                            .header("X-API-Key", API_KEY)
                            .header("X-Actor", "cluster-test")
                            .header("Idempotency-Key", key)
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 || response.statusCode() == 201) {
                        return response;
                    }
                    last = response.statusCode() + " " + response.body();
                    if (response.statusCode() < 500) {
                        throw new AssertionError("Command refused: " + path + " → " + last);
                    }
                } catch (IOException e) {
                    last = e.toString();
                }
                Thread.sleep(200);
            }
            throw new AssertionError("Command not accepted within 60 s: " + path + "; last: " + last);
        }

        private static String body(String verb, int issue) {
            return switch (verb) {
                case "create" -> """
                        {"title":"Cluster issue %d","description":"load","category":"network","component":"switch-%d",
                         "priority":"P3","reporter":"rita","team":"team-%d"}""".formatted(issue, issue % 7, issue % 3);
                case "assign" -> "{\"owner\":\"owner-" + (issue % 5) + "\"}";
                case "escalate" -> "{\"reason\":\"customer waiting\"}";
                case "resolve" -> "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Replaced the switch\"}";
                case "close" -> "{\"closeCode\":\"DONE\",\"satisfaction\":" + (1 + issue % 5) + "}";
                default -> throw new IllegalArgumentException(verb);
            };
        }

        void awaitProgress(double fraction) throws Exception {
            QuerySide.awaitUntil(Math.round(fraction * 100) + " % of the traffic", Duration.ofSeconds(120),
                    () -> done.get() >= fraction * ISSUES || running.stream().allMatch(Future::isDone));
            failOnWorkerError();
        }

        void awaitDone(Duration within) throws Exception {
            for (Future<?> future : running) {
                future.get(within.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void failOnWorkerError() throws Exception {
            for (Future<?> future : running) {
                if (future.isDone()) {
                    future.get();
                }
            }
        }

        Set<String> issues() {
            return acceptedVerbs.keySet();
        }
    }

    private static ServiceProcess commandService(String name) throws IOException {
        int port = E2eHttp.freePort();
        ServiceProcess service = new ServiceProcess(name, "e2e.commandJar", port, E2eHttp.with(common,
                "COMMAND_PORT", String.valueOf(port),
                "COMMAND_DB_URL", postgres.jdbcUrl("cluster_command"),
                "COMMAND_DB_POOL", "5"));
        started.add(service);
        return service;
    }

    private static ServiceProcess queryService(String name, String database, String group, String instanceId)
            throws IOException {
        int port = E2eHttp.freePort();
        ServiceProcess service = new ServiceProcess(name, "e2e.queryJar", port, E2eHttp.with(common,
                "QUERY_PORT", String.valueOf(port),
                "QUERY_DB_URL", postgres.jdbcUrl(database),
                "QUERY_CONSUMER_GROUP", group,
                "QUERY_INSTANCE_ID", instanceId));
        started.add(service);
        return service;
    }

    private static void assertTopicIsReplicated() throws Exception {
        TopicDescription topic = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(10, TimeUnit.SECONDS).get(TOPIC);
        assertThat(topic.partitions()).hasSize(PARTITIONS).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, TOPIC);
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);
        assertThat(config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value()).isEqualTo("2");
        assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
    }

    private static Set<String> topicNames() throws Exception {
        return admin.listTopics().names().get(10, TimeUnit.SECONDS);
    }

    /** Partitions per live member of the query-services' group. */
    private static Map<String, Integer> assignments() throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(GROUP)).all()
                .get(10, TimeUnit.SECONDS).get(GROUP);
        Map<String, Integer> partitions = new HashMap<>();
        for (MemberDescription member : group.members()) {
            partitions.put(member.consumerId(), member.assignment().topicPartitions().size());
        }
        return partitions;
    }

    private static String relayOwner() throws SQLException {
        try (Connection connection = connect("cluster_command"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT owner FROM token_entry WHERE processor_name = 'kafka-relay'")) {
            return rows.next() ? rows.getString(1) : null;
        }
    }

    /** Per issue, how often each lifecycle event (not the SLA clocks' own) is in the store. */
    private static Map<String, Map<String, Integer>> lifecycleEventsInStore() throws SQLException {
        Map<String, Map<String, Integer>> events = new HashMap<>();
        try (Connection connection = connect("cluster_command"); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT aggregate_identifier, payload_type, count(*) FROM domain_event_entry GROUP BY 1, 2")) {
            while (rows.next()) {
                String type = rows.getString(2).substring(rows.getString(2).lastIndexOf('.') + 1);
                if (EVENT_OF_VERB.containsValue(type)) {
                    events.computeIfAbsent(rows.getString(1), issue -> new HashMap<>()).put(type, rows.getInt(3));
                }
            }
        }
        return events;
    }

    private static Set<String> storedEventIds() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = connect("cluster_command"); Statement statement = connection.createStatement();
             // The issues' events; the SLA policy book's own events are not relayed.
             ResultSet rows = statement.executeQuery("SELECT event_identifier FROM domain_event_entry WHERE type = 'Issue'")) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    /** Every record of the topic, from the beginning, counted by its event-id header. */
    private static Map<String, Integer> topicEventIds() {
        Map<String, Integer> ids = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(p -> new TopicPartition(TOPIC, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header id = record.headers().lastHeader("event-id");
                    ids.merge(id == null ? "no-id@" + record.offset() : new String(id.value(), StandardCharsets.UTF_8),
                            1, Integer::sum);
                }
            }
        }
        return ids;
    }

    private static long endOffsets() {
        return QuerySide.endOffsets(kafka.bootstrapServers(), TOPIC);
    }

    private static long storedOffsetsSum(String database, String group) throws SQLException {
        try (Connection connection = connect(database)) {
            return QuerySide.storedOffsetsSum(connection, group, TOPIC);
        }
    }

    private static Map<String, List<String>> readModels(String database) throws SQLException {
        try (Connection connection = connect(database)) {
            return QuerySide.readModels(connection);
        }
    }

    private static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(postgres.jdbcUrl(database), postgres.user(), postgres.password());
    }

    private static void record(String format, Object... args) {
        String line = String.format(format, args);
        figures.append(line).append('\n');
        System.out.println("[cluster] " + line);
    }

    private static long millis(long since) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }
}
