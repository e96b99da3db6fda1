package org.issueledger.query;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ThrowingRunnable;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * The running service against the real PostgreSQL and Kafka of {@link TestInfra}. Every test class extends
 * this unchanged, so they all share one Spring context (one database, one topic, one consumer group) and
 * stay independent by using issues of their own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureRestTestClient
public abstract class QueryServiceTestSupport {

    protected static final String TOPIC = "issue-events-query-test";
    protected static final String GROUP = "issueledger-query-test";
    protected static final int PARTITIONS = 3;
    private static final String DATABASE_URL = TestInfra.get().freshDatabase("query_service");

    private static Admin admin;
    private static KafkaProducer<String, byte[]> producer;

    /** The key every test sends unless it says otherwise: it has all four roles, and no name. */
    public static final String API_KEY = "e2e-key";
    public static final String API_KEY_HEADER = "X-API-Key";
    /** The all-roles key (as the e2e tests configure it), and one single-role key per role for the tests of who may read what. */
    public static final String API_KEYS = "e2e-key:INTEGRATOR,e2e-key:ANALYST,e2e-key:AUDITOR,e2e-key:ADMIN,"
            + "integrator-only:INTEGRATOR,analyst-only:ANALYST,auditor-only:AUDITOR,admin-only:ADMIN";

    /** The service's client, sending the all-roles key; a request that sets X-API-Key itself sends that instead. */
    protected RestTestClient http;

    @Autowired
    void http(RestTestClient client) {
        this.http = client.mutate().defaultHeader(API_KEY_HEADER, API_KEY).build();
    }

    @Autowired
    protected JdbcClient jdbc;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra infra = TestInfra.get();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infra::user);
        registry.add("spring.datasource.password", infra::password);
        registry.add("issueledger.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("issueledger.kafka.topic", () -> TOPIC);
        registry.add("issueledger.kafka.consumer-group", () -> GROUP);
        registry.add("issueledger.kafka.poll-timeout", () -> "100ms");
        registry.add("issueledger.kafka.retry-backoff-max", () -> "1s");
        registry.add("issueledger.security.api-keys", () -> API_KEYS);
    }

    /**
     * Runs after the context, and so the consumer, has started: the service meets a topic that does not
     * exist yet, as it does when it starts before the command side.
     */
    @BeforeEach
    void topicExists() throws Exception {
        synchronized (QueryServiceTestSupport.class) {
            if (admin().listTopics().names().get().contains(TOPIC)) {
                return;
            }
            admin().createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1))).all().get();
        }
    }

    protected static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()));
        }
        return admin;
    }

    /** Sends the envelopes as the relay does (key = issue id, headers), waiting for the broker's ack. */
    protected static void produce(EventEnvelope... envelopes) {
        for (EventEnvelope envelope : envelopes) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(TOPIC, envelope.issueId().toString(),
                    IssueTimeline.json(envelope));
            header(record, EventEnvelope.HEADER_EVENT_ID, envelope.eventId());
            header(record, EventEnvelope.HEADER_EVENT_TYPE, envelope.type());
            header(record, EventEnvelope.HEADER_EVENT_VERSION, envelope.version());
            header(record, EventEnvelope.HEADER_ISSUE_SEQUENCE, envelope.sequence());
            header(record, EventEnvelope.HEADER_GLOBAL_POSITION, envelope.globalPosition());
            send(record);
        }
    }

    protected static void produceRaw(UUID key, byte[] value) {
        send(new ProducerRecord<>(TOPIC, key.toString(), value));
    }

    private static void send(ProducerRecord<String, byte[]> record) {
        try {
            producer().send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("Could not produce to " + TOPIC, e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, Object value) {
        record.headers().add(name, value.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                    new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Retries the assertion until it holds, for at most 30 s: the consumer works asynchronously. */
    protected static void eventually(ThrowingRunnable assertion) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(assertion);
    }

    protected int auditRows(UUID issueId) {
        return jdbc.sql("SELECT count(*) FROM audit_entry WHERE issue_id = :issueId")
                .param("issueId", issueId)
                .query(Integer.class)
                .single();
    }

    /**
     * Java 17 cannot make a projection's dispatch an exhaustive switch, so this is the guard: every class
     * {@code IssueEvent} permits, today's and any added later, must go through the projection without an
     * error and move the issue's last-applied sequence in {@code guardTable} on.
     */
    protected void assertEveryPermittedEventMovesTheGuardOn(Projection projection, String guardTable) {
        IssueTimeline issue = new IssueTimeline();
        for (Class<? extends IssueEvent> type : SampleEvents.permittedTypes()) {
            EventEnvelope envelope = issue.next(SampleEvents.sample(type, issue.issueId(), issue.tick()));
            org.assertj.core.api.Assertions.assertThatCode(() -> projection.apply(IssueTimeline.consumed(envelope)))
                    .as(type.getSimpleName())
                    .doesNotThrowAnyException();
            org.assertj.core.api.Assertions.assertThat(jdbc.sql("SELECT last_sequence FROM " + guardTable
                            + " WHERE issue_id = :issueId").param("issueId", issue.issueId()).query(Long.class).single())
                    .as(type.getSimpleName()).isEqualTo(envelope.sequence());
        }
    }

    /** GET answered 200 with JSON. */
    protected JsonNode get(String uri, Object... variables) {
        return http.get().uri(uri, variables)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    /** GET answered 200 with CSV, its freshness in the headers. */
    protected String csv(String uri, Object... variables) {
        return http.get().uri(uri, variables)
                .accept(MediaType.parseMediaType("text/csv"))
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                .expectHeader().exists("X-Last-Global-Position")
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
    }

    /** GET answered 400 with problem+json naming the bad parameter, in its property and its detail. */
    protected void assertBadParameter(String uri, String parameter, Object... variables) {
        http.get().uri(uri, variables)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.parameter").isEqualTo(parameter)
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("'" + parameter + "'"));
    }

    protected long lastSequence(UUID issueId) {
        return jdbc.sql("SELECT last_sequence FROM issue_view WHERE issue_id = :issueId")
                .param("issueId", issueId)
                .query(Long.class)
                .optional()
                .orElse(-1L);
    }
}
