package org.issueledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.issueledger.command.CommandServiceApplication;
import org.issueledger.command.CommandServiceTestSupport;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery machinery across a restart, on one database: a service stopped while a delivery is being
 * retried, and while events are stored that its webhook processor has not yet read, is followed by
 * another that delivers every one of them — once each, in order.
 */
class WebhookDeliveryAcrossRestartTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> TYPES = List.of("IssueCreated", "OwnerAssigned", "CommentAdded");

    @Test
    void restartMidRetryLosesAndDoublesNothing() throws Exception {
        TestInfra infra = TestInfra.get();
        String database = infra.freshDatabase("commands_webhooks_restart");
        String[] args = CommandServiceTestSupport.applicationArgs(database,
                "issue-events-webhooks-restart-" + UUID.randomUUID(),
                "--issueledger.webhooks.poll-interval=50ms",
                "--issueledger.webhooks.initial-backoff=100ms",
                "--issueledger.webhooks.max-backoff=300ms",
                "--issueledger.webhooks.pause-after-failures=1000",
                "--issueledger.webhooks.reminders.no-update-after=0");
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, infra.user(), infra.password()));

        try (TestReceiver receiver = TestReceiver.answering(503)) {
            UUID issue;
            try (ConfigurableApplicationContext first = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
                int port = ((WebServerApplicationContext) first).getWebServer().getPort();
                var subscribed = CommandServiceTestSupport.post(port, "/api/admin/webhooks", "{\"url\":\"" + receiver.url()
                        + "\",\"eventTypes\":" + JSON.writeValueAsString(TYPES) + ",\"secret\":\"restart-secret-123456\"}");
                assertThat(subscribed.statusCode()).as(subscribed.body()).isEqualTo(201);
                var created = CommandServiceTestSupport.post(port, "/api/issues",
                        "{\"title\":\"Payments down\",\"category\":\"payments\",\"priority\":\"P3\",\"reporter\":\"rita\"}");
                issue = UUID.fromString(JSON.readTree(created.body()).path("issueId").asString());
                command(port, issue, "assign", "{\"owner\":\"ana\"}");
                command(port, issue, "comments", "{\"text\":\"one\",\"publicComment\":false}");

                // The head is being retried ...
                receiver.await(r -> r.size() >= 3, Duration.ofSeconds(60));
                assertThat(count(jdbc, "select count(*) from webhook_delivery_attempt")).isGreaterThanOrEqualTo(3);
                // ... and these are stored while the webhook processor does not run.
                EventProcessor processor = first.getBean(EventProcessingConfiguration.class)
                        .eventProcessor(WebhookEnqueuer.PROCESSING_GROUP).orElseThrow();
                processor.shutDown();
                command(port, issue, "comments", "{\"text\":\"two\",\"publicComment\":false}");
                command(port, issue, "comments", "{\"text\":\"three\",\"publicComment\":false}");
            }
            assertThat(count(jdbc, "select count(*) from webhook_delivery")).isEqualTo(3);
            assertThat(count(jdbc, "select count(*) from webhook_delivery where status = 'DELIVERED'")).isZero();
            assertThat(receiver.accepted()).isEmpty();

            receiver.answerFromNowOn(200);
            List<String> stored = jdbc.queryForList("select event_identifier from domain_event_entry"
                    + " where aggregate_identifier = ? and substring(payload_type from '[^.]+$') in (?, ?, ?)"
                    + " order by sequence_number", String.class, issue.toString(), TYPES.get(0), TYPES.get(1), TYPES.get(2));
            assertThat(stored).hasSize(5);

            try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
                receiver.await(r -> r.stream().filter(TestReceiver.Request::accepted).count() >= 5, Duration.ofSeconds(30));
                Thread.sleep(1_000); // anything doubled would arrive now
            }

            List<JsonNode> accepted = receiver.accepted().stream().map(r -> JSON.readTree(r.bodyText())).toList();
            assertThat(accepted).extracting(b -> b.path("event").path("eventId").asString()).containsExactlyElementsOf(stored);
            assertThat(accepted).extracting(b -> b.path("deliveryId").asString()).doesNotHaveDuplicates();
            assertThat(accepted).extracting(b -> b.path("event").path("sequence").asLong()).isSorted();
            assertThat(count(jdbc, "select count(*) from webhook_delivery")).isEqualTo(5);
            assertThat(count(jdbc, "select count(*) from webhook_delivery where status = 'DELIVERED'")).isEqualTo(5);
        }
    }

    private static void command(int port, UUID issue, String verb, String body) throws Exception {
        var response = CommandServiceTestSupport.post(port, "/api/issues/" + issue + "/" + verb, body);
        assertThat(response.statusCode()).as(verb + ": " + response.body()).isEqualTo(200);
    }

    private static long count(JdbcTemplate jdbc, String sql) {
        return jdbc.queryForObject(sql, Long.class);
    }
}
