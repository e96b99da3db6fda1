package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issueledger.command.CommandServiceTestSupport;
import org.issueledger.local.LocalKafka;
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

/**
 * Re-publishing on the real broker: a topic that lost everything gets the relay's records back, the
 * same to the byte, in per-issue order; and the topic is (re)created with unlimited retention.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RepublishTest {

    private static String topic;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        topic = CommandServiceTestSupport.register(registry, "commands_republish");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    /** What a consumer sees of a record; partition and offset aside. */
    record Seen(String key, String value, List<String> headers, int partition) {
    }

    @Test
    void republishingIntoARecreatedTopicRestoresTheRelaysRecordsInPerIssueOrderAndTheRelayGoesOn() throws Exception {
        List<UUID> issues = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            issues.add(create("issue " + i));
        }
        // Interleaved, so that the global order mixes the issues.
        for (UUID issue : issues) {
            command(issue, "assign", "{\"owner\":\"ana\"}");
        }
        for (UUID issue : issues) {
            command(issue, "escalate", "{\"reason\":\"customer\"}");
        }
        long issueEvents = jdbc.queryForObject("select count(*) from domain_event_entry where type = 'Issue'", Long.class);
        List<Seen> relayed = consumeAll(issueEvents);
        assertThat(relayed).hasSize((int) issueEvents);
        assertUnlimitedRetention();

        deleteTopic();
        HttpResponse<String> accepted = post(port, "/api/admin/republish?fromPosition=0", "");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        JsonNode job = awaitFinished(location);

        assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
        assertThat(job.path("eventsSent").asLong()).isEqualTo(issueEvents);
        assertThat(job.path("total").asLong()).isGreaterThanOrEqualTo(issueEvents);
        assertThat(job.path("eventsRead").asLong()).isEqualTo(job.path("total").asLong());
        assertUnlimitedRetention();

        List<Seen> republished = consumeAll(issueEvents);
        assertThat(republished).containsExactlyInAnyOrderElementsOf(relayed);
        for (UUID issue : issues) {
            List<Long> sequences = republished.stream().filter(r -> r.key().equals(issue.toString()))
                    .map(r -> json.readTree(r.value()).path("sequence").asLong()).toList();
            assertThat(sequences).as("issue %s in partition order", issue).isSorted().doesNotHaveDuplicates()
                    .startsWith(0L);
        }

        // The relay, paused during the run, takes over again for what comes next.
        command(issues.get(0), "comments", "{\"text\":\"after the repair\",\"publicComment\":false}");
        assertThat(consumeAll(issueEvents + 1)).hasSize((int) issueEvents + 1);
    }

    /** With the broker down the job cannot even check the topic: it runs until that times out, then fails. */
    @Test
    void onlyOneJobRunsAtATimeAndABrokerOutageFailsTheJob() throws Exception {
        LocalKafka kafka = TestInfra.get().kafka();
        kafka.stop();
        try {
            HttpResponse<String> first = post(port, "/api/admin/republish?fromPosition=0", "");
            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            HttpResponse<String> second = post(port, "/api/admin/republish?fromPosition=0", "");
            assertThat(second.statusCode()).as(second.body()).isEqualTo(409);
            assertThat(json.readTree(second.body()).path("runningJob").asString())
                    .isEqualTo(json.readTree(first.body()).path("id").asString());

            JsonNode failed = awaitFinished(first.headers().firstValue("Location").orElseThrow());
            assertThat(failed.path("state").asString()).as(failed.toString()).isEqualTo("FAILED");
            assertThat(failed.path("error").asString()).isNotBlank();
        } finally {
            kafka.start();
        }
    }

    @Test
    void fromPositionMustBeGivenAndNotNegative() throws Exception {
        for (String query : List.of("", "?fromPosition=-1", "?fromPosition=soon")) {
            HttpResponse<String> response = post(port, "/api/admin/republish" + query, "");
            assertThat(response.statusCode()).as(query + ": " + response.body()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
    }

    @Test
    void unknownJobIsA404Problem() throws Exception {
        HttpResponse<String> response = get(port, "/api/admin/republish/" + UUID.randomUUID());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("title").asString()).isEqualTo("Unknown re-publish job");
    }

    private UUID create(String title) throws Exception {
        HttpResponse<String> created = post(port, "/api/issues",
                "{\"title\":\"" + title + "\",\"category\":\"network\",\"priority\":\"P3\",\"reporter\":\"rita\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(created.body()).path("issueId").asString());
    }

    private void command(UUID issue, String verb, String body) throws Exception {
        HttpResponse<String> response = post(port, "/api/issues/" + issue + "/" + verb, body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode awaitFinished(String location) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode job;
        do {
            Thread.sleep(100);
            HttpResponse<String> response = get(port, location);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            job = json.readTree(response.body());
        } while (job.path("state").asString().equals("RUNNING") && System.nanoTime() < deadline);
        return job;
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers()));
    }

    private static void deleteTopic() throws Exception {
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }
    }

    private static void assertUnlimitedRetention() throws Exception {
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).isEqualTo("-1");
        }
    }

    /** Everything on the topic: until {@code expected} records arrived, then a little longer to catch extras. */
    private static List<Seen> consumeAll(long expected) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "republish-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"));
        List<Seen> seen = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            long quietUntil = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, quietUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    List<String> headers = new ArrayList<>();
                    record.headers().forEach(h -> headers.add(h.key() + "=" + new String(h.value(), StandardCharsets.UTF_8)));
                    seen.add(new Seen(record.key(), record.value(), headers, record.partition()));
                }
                if (seen.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
            }
        }
        return seen;
    }
}
