package org.issueledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * With {@code allow-private-targets=false} nothing is sent inside the network: an address in the URL is refused
 * when subscribing, a name is judged by what it resolves to at each attempt, which then fails without a request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issueledger.webhooks.allow-private-targets=false",
        "issueledger.webhooks.poll-interval=50ms",
        "issueledger.webhooks.initial-backoff=100ms",
        "issueledger.webhooks.max-backoff=200ms",
        "issueledger.webhooks.pause-after-failures=2"})
class WebhookPrivateTargetsTest {

    private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_webhook_targets");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Test
    void nothingIsSentToLoopbackWhetherTheUrlSaysAnAddressOrAName() throws Exception {
        try (TestReceiver receiver = TestReceiver.answering(200)) {
            String byAddress = receiver.url(); // http://127.0.0.1:…
            HttpResponse<String> refused = post(port, "/api/admin/webhooks", body(byAddress));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
            assertThat(json.readTree(refused.body()).path("errors").path("url").asString())
                    .isEqualTo("must not point at a loopback address (127.0.0.1); "
                            + "issueledger.webhooks.allow-private-targets is false");

            String byName = byAddress.replace("127.0.0.1", "localhost");
            HttpResponse<String> created = post(port, "/api/admin/webhooks", body(byName));
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            String subscription = json.readTree(created.body()).path("id").asString();

            HttpResponse<String> issue = post(port, "/api/issues",
                    "{\"title\":\"Printer on fire\",\"category\":\"it\",\"priority\":\"P3\",\"reporter\":\"rita\"}");
            assertThat(issue.statusCode()).as(issue.body()).isEqualTo(201);
            UUID id = UUID.fromString(json.readTree(issue.body()).path("issueId").asString());
            HttpResponse<String> escalated = post(port, "/api/issues/" + id + "/escalate", "{\"reason\":\"smoke\"}");
            assertThat(escalated.statusCode()).as(escalated.body()).isEqualTo(200);

            JsonNode paused = awaitPaused(subscription);
            assertThat(paused.path("pausedReason").asString()).contains("localhost resolves to a loopback address");
            JsonNode attempts = json.readTree(get(port, "/api/admin/webhooks/" + subscription + "/deliveries").body())
                    .path("deliveries").get(0).path("log");
            assertThat(attempts).hasSize(2);
            assertThat(attempts).allSatisfy(a -> {
                assertThat(a.path("error").asString()).startsWith("localhost resolves to a loopback address (127.0.0.1)");
                assertThat(a.has("statusCode") && !a.path("statusCode").isNull()).isFalse();
            });
            assertThat(receiver.requests()).isEmpty();
        }
    }

    private JsonNode awaitPaused(String subscription) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode answer;
        do {
            Thread.sleep(50);
            answer = json.readTree(get(port, "/api/admin/webhooks/" + subscription).body());
        } while (!answer.path("status").asString().equals("PAUSED") && System.nanoTime() < deadline);
        assertThat(answer.path("status").asString()).as(answer.toString()).isEqualTo("PAUSED");
        return answer;
    }

    private static String body(String url) {
        return "{\"url\":\"" + url + "\",\"eventTypes\":[\"IssueEscalated\"],\"secret\":\"" + SECRET + "\"}";
    }
}
