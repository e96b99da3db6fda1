package org.issueledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.delete;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Outbound webhooks end to end on the real PostgreSQL: commands in, events stored, deliveries queued by the
 * webhook processor and POSTed by the dispatcher to receivers on local ports. Backoff in milliseconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "issueledger.webhooks.poll-interval=50ms",
        "issueledger.webhooks.initial-backoff=200ms",
        "issueledger.webhooks.backoff-multiplier=2",
        "issueledger.webhooks.max-backoff=2s",
        "issueledger.webhooks.pause-after-failures=3",
        "issueledger.webhooks.connect-timeout=1s",
        "issueledger.webhooks.read-timeout=1s",
        "issueledger.webhooks.issue-link=https://issues.example.com/issues/{issueId}",
        "issueledger.webhooks.reminders.no-update-after=2s",
        "issueledger.webhooks.reminders.check-interval=200ms",
        // Only the reminder test uses P2: its first-response clock warns at 6.4 s and breaches at 8 s.
        "issueledger.sla.targets.P2.first-response=8s",
        "issueledger.sla.targets.P2.resolution=1h",
        "issueledger.deadlines.polling-interval=200ms"})
class WebhookDeliveryTest {

    private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_webhooks");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    @Autowired
    Outbox outbox;

    @Autowired
    EventProcessingConfiguration processing;

    private final List<TestReceiver> receivers = new ArrayList<>();

    @AfterEach
    void deleteSubscriptionsAndStopReceivers() throws Exception {
        for (JsonNode subscription : json.readTree(get(port, "/api/admin/webhooks").body())) {
            delete(port, "/api/admin/webhooks/" + subscription.path("id").asString());
        }
        receivers.forEach(TestReceiver::close);
    }

    @Test
    void deliveryIsSignedWithTheSecretAndCarriesTheEventAndALinkToTheIssue() throws Exception {
        TestReceiver receiver = receiver(200);
        String subscription = subscribe(receiver, "[\"OwnerAssigned\"]", null);
        UUID issue = createIssue("Mail down", "ops", "P3");
        command(issue, "assign", "{\"owner\":\"ana\"}");

        TestReceiver.Request request = receiver.await(r -> r.size() >= 1, WAIT).get(0);
        assertThat(request.header(WebhookDispatcher.SIGNATURE_HEADER)).isEqualTo(hmac(SECRET, request.body()));
        assertThat(request.header(WebhookDispatcher.SIGNATURE_HEADER)).isNotEqualTo(hmac("another-secret-entirely", request.body()));
        long timestamp = Long.parseLong(request.header(WebhookDispatcher.TIMESTAMP_HEADER));
        assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(30);
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header(WebhookDispatcher.EVENT_HEADER)).isEqualTo("OwnerAssigned");

        JsonNode body = json.readTree(request.bodyText());
        assertThat(body.path("subscriptionId").asString()).isEqualTo(subscription);
        assertThat(body.path("deliveryId").asString()).isEqualTo(request.header(WebhookDispatcher.DELIVERY_HEADER));
        JsonNode event = body.path("event");
        assertThat(event.path("type").asString()).isEqualTo("OwnerAssigned");
        assertThat(event.path("version").asInt()).isEqualTo(1);
        assertThat(event.path("issueId").asString()).isEqualTo(issue.toString());
        assertThat(event.path("sequence").asLong()).isPositive();
        assertThat(event.path("globalPosition").asLong()).isPositive();
        assertThat(event.path("actor").asString()).isEqualTo("dispatcher");
        assertThat(Instant.parse(event.path("occurredAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(event.path("payload").path("owner").asString()).isEqualTo("ana");
        assertThat(event.path("eventId").asString()).isNotBlank();
        assertThat(body.path("issue").path("href").asString()).isEqualTo("https://issues.example.com/issues/" + issue);
        assertThat(body.path("issue").path("team").asString()).isEqualTo("ops");
        assertThat(body.path("issue").path("owner").asString()).isEqualTo("ana");

        // The receiver's answer is recorded just after it was given.
        awaitDeliveries(subscription, l -> l.size() == 1 && l.get(0).path("status").asString().equals("DELIVERED"));
        JsonNode log = deliveries(subscription);
        assertThat(log.get(0).path("eventId").asString()).isEqualTo(event.path("eventId").asString());
        assertThat(log.get(0).path("log")).hasSize(1);
        assertThat(log.get(0).path("log").get(0).path("statusCode").asInt()).isEqualTo(200);
        assertThat(log.get(0).path("log").get(0).has("durationMs")).isTrue();

        // The secret is write-only: no answer shows it; a replace without one keeps it, with one rotates it.
        assertThat(get(port, "/api/admin/webhooks").body()).doesNotContain(SECRET).doesNotContain("secret");
        assertThat(get(port, "/api/admin/webhooks/" + subscription).body()).doesNotContain(SECRET);
        HttpResponse<String> kept = put("/api/admin/webhooks/" + subscription,
                "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":[\"OwnerAssigned\"]}");
        assertThat(kept.statusCode()).as(kept.body()).isEqualTo(200);
        assertThat(kept.body()).doesNotContain(SECRET);
        command(issue, "assign", "{\"owner\":\"bo\"}");
        TestReceiver.Request second = receiver.await(r -> r.size() >= 2, WAIT).get(1);
        assertThat(second.header(WebhookDispatcher.SIGNATURE_HEADER)).isEqualTo(hmac(SECRET, second.body()));

        String rotated = "rotated-secret-0123456789";
        assertThat(put("/api/admin/webhooks/" + subscription, "{\"url\":\"" + receiver.url()
                + "\",\"eventTypes\":[\"OwnerAssigned\"],\"secret\":\"" + rotated + "\"}").statusCode()).isEqualTo(200);
        command(issue, "assign", "{\"owner\":\"cy\"}");
        TestReceiver.Request third = receiver.await(r -> r.size() >= 3, WAIT).get(2);
        assertThat(third.header(WebhookDispatcher.SIGNATURE_HEADER)).isEqualTo(hmac(rotated, third.body()));

        // The log keeps delivered deliveries for issueledger.webhooks.keep-delivered, then forgets them.
        awaitDeliveries(subscription, l -> l.size() == 3 && allDelivered(l));
        assertThat(outbox.forgetDelivered(Instant.now().minusSeconds(3600))).isZero();
        assertThat(outbox.forgetDelivered(Instant.now().plusSeconds(60))).isEqualTo(3);
        assertThat(deliveries(subscription)).isEmpty();
    }

    @Test
    void receiverThatFailsTwiceThenSucceedsGetsTheEventOnceWithGrowingBackoff() throws Exception {
        TestReceiver receiver = receiver(200).thenAnswer(503, 503);
        String subscription = subscribe(receiver, "[\"IssueEscalated\"]", "{\"teams\":[\"retry-test\"]}");
        UUID issue = createIssue("Disk full", "retry-test", "P3");
        command(issue, "escalate", "{\"reason\":\"customer\"}");

        List<TestReceiver.Request> requests = receiver.await(r -> r.size() >= 3, WAIT);
        settle();
        requests = receiver.requests();
        assertThat(requests).extracting(TestReceiver.Request::answered).containsExactly(503, 503, 200);
        assertThat(requests).extracting(r -> r.header(WebhookDispatcher.DELIVERY_HEADER)).containsOnly(
                requests.get(0).header(WebhookDispatcher.DELIVERY_HEADER));
        assertThat(requests).extracting(r -> r.header(WebhookDispatcher.ATTEMPT_HEADER)).containsExactly("1", "2", "3");
        long firstGap = millisBetween(requests.get(0), requests.get(1));
        long secondGap = millisBetween(requests.get(1), requests.get(2));
        assertThat(firstGap).isGreaterThanOrEqualTo(180);   // initial backoff 200 ms
        assertThat(secondGap).isGreaterThanOrEqualTo(380);  // doubled

        JsonNode delivery = deliveries(subscription).get(0);
        assertThat(delivery.path("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("log")).extracting(a -> a.path("statusCode").asInt()).containsExactly(503, 503, 200);
        assertThat(delivery.path("log").get(0).path("error").asString()).isEqualTo("HTTP 503");
        JsonNode state = subscription(subscription);
        assertThat(state.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(state.path("consecutiveFailures").asInt()).isZero();
    }

    @Test
    void eventsHandledInOneBatchAreFilteredByTheFactsTheirIssueHadAtEachEvent() throws Exception {
        TestReceiver receiver = receiver(200);
        subscribe(receiver, "[\"IssueEscalated\"]", "{\"teams\":[\"batch-b\"],\"priorities\":[\"P1\"]}");
        // With the processor stopped, everything below waits in the store and is then read as one batch.
        EventProcessor processor = processing.eventProcessor(WebhookEnqueuer.PROCESSING_GROUP).orElseThrow();
        processor.shutDown();
        UUID moved;
        UUID stays;
        try {
            moved = createIssue("Disk full", "batch-a", "P3");
            command(moved, "escalate", "{\"reason\":\"team a, P3: not wanted\"}");
            command(moved, "team", "{\"team\":\"batch-b\"}");
            command(moved, "escalate", "{\"reason\":\"team b, P3: not wanted\"}");
            command(moved, "priority", "{\"priority\":\"P1\"}");
            command(moved, "escalate", "{\"reason\":\"team b, P1: wanted\"}");
            stays = createIssue("Disk fuller", "batch-b", "P1");
            command(stays, "escalate", "{\"reason\":\"team b, P1 from the start: wanted\"}");
            command(stays, "team", "{\"team\":\"batch-a\"}");
            command(stays, "escalate", "{\"reason\":\"moved to team a: not wanted\"}");
        } finally {
            processor.start();
        }
        receiver.await(r -> r.size() >= 2, WAIT);
        settle();
        assertThat(receiver.accepted()).extracting(r -> json.readTree(r.bodyText()).path("event"))
                .extracting(e -> e.path("issueId").asString() + " " + e.path("payload").path("reason").asString())
                .containsExactly(moved + " team b, P1: wanted", stays + " team b, P1 from the start: wanted");
    }

    @Test
    void failingSubscriptionIsPausedAfterNFailuresAndResumeSendsWhatWaitedInOrder() throws Exception {
        TestReceiver receiver = receiver(500);
        String subscription = subscribe(receiver, "[\"IssueEscalated\",\"CommentAdded\"]", "{\"teams\":[\"pause-test\"]}");
        UUID issue = createIssue("VPN flaky", "pause-test", "P3");
        command(issue, "escalate", "{\"reason\":\"first\"}");
        command(issue, "comments", "{\"text\":\"one\",\"publicComment\":false}");
        command(issue, "comments", "{\"text\":\"two\",\"publicComment\":false}");

        awaitSubscription(subscription, s -> s.path("status").asString().equals("PAUSED"));
        settle();
        List<TestReceiver.Request> failed = receiver.requests();
        // Only the head was tried, three times; the later deliveries waited behind it.
        assertThat(failed).hasSize(3);
        assertThat(failed).extracting(r -> json.readTree(r.bodyText()).path("event").path("type").asString())
                .containsOnly("IssueEscalated");
        JsonNode paused = subscription(subscription);
        assertThat(paused.path("pausedReason").asString()).contains("3 consecutive failed deliveries").contains("HTTP 500");
        assertThat(paused.path("consecutiveFailures").asInt()).isEqualTo(3);

        // While paused, matching events keep being queued.
        command(issue, "comments", "{\"text\":\"three\",\"publicComment\":false}");
        awaitSubscription(subscription, s -> s.path("pendingDeliveries").asInt() == 4);
        settle();
        assertThat(receiver.requests()).hasSize(3);

        receiver.answerFromNowOn(200);
        HttpResponse<String> resumed = post(port, "/api/admin/webhooks/" + subscription + "/resume", "");
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(json.readTree(resumed.body()).path("status").asString()).isEqualTo("ACTIVE");

        List<TestReceiver.Request> accepted = receiver.await(r -> r.stream().filter(TestReceiver.Request::accepted).count() >= 4, WAIT)
                .stream().filter(TestReceiver.Request::accepted).toList();
        settle();
        assertThat(receiver.accepted()).hasSize(4);
        assertThat(accepted).extracting(r -> json.readTree(r.bodyText()).path("event").path("sequence").asLong())
                .isSorted().doesNotHaveDuplicates();
        assertThat(accepted).extracting(r -> json.readTree(r.bodyText()).path("event").path("type").asString())
                .containsExactly("IssueEscalated", "CommentAdded", "CommentAdded", "CommentAdded");
        assertThat(subscription(subscription).path("pendingDeliveries").asInt()).isZero();
        JsonNode log = deliveries(subscription);
        assertThat(log).extracting(d -> d.path("status").asString()).containsOnly("DELIVERED");
        assertThat(log.get(log.size() - 1).path("log")).extracting(a -> a.path("statusCode").asInt())
                .containsExactly(500, 500, 500, 200);
    }

    @Test
    void filtersOnTypeTeamAndPriorityDeliverOnlyWhatMatches() throws Exception {
        TestReceiver everyEscalation = receiver(200);
        TestReceiver teamOps = receiver(200);
        TestReceiver priorityP1 = receiver(200);
        subscribe(everyEscalation, "[\"IssueEscalated\"]", null);
        subscribe(teamOps, "[\"IssueCreated\",\"IssueEscalated\"]", "{\"teams\":[\"filter-ops\"]}");
        subscribe(priorityP1, "[\"IssueCreated\",\"IssueEscalated\"]", "{\"priorities\":[\"P1\"]}");

        UUID opsP3 = createIssue("ops P3", "filter-ops", "P3");
        UUID netP1 = createIssue("net P1", "filter-net", "P1");
        UUID noTeamP4 = createIssue("no team P4", null, "P4");
        for (UUID issue : List.of(opsP3, netP1, noTeamP4)) {
            command(issue, "escalate", "{\"reason\":\"filter test\"}");
            command(issue, "comments", "{\"text\":\"not subscribed by anyone\",\"publicComment\":false}");
        }

        everyEscalation.await(r -> r.size() >= 3, WAIT);
        teamOps.await(r -> r.size() >= 2, WAIT);
        priorityP1.await(r -> r.size() >= 2, WAIT);
        settle();
        assertThat(delivered(everyEscalation)).containsExactlyInAnyOrder(
                "IssueEscalated " + opsP3, "IssueEscalated " + netP1, "IssueEscalated " + noTeamP4);
        assertThat(delivered(teamOps)).containsExactly("IssueCreated " + opsP3, "IssueEscalated " + opsP3);
        assertThat(delivered(priorityP1)).containsExactly("IssueCreated " + netP1, "IssueEscalated " + netP1);
    }

    @Test
    void slowReceiverDoesNotHoldUpOtherSubscriptions() throws Exception {
        TestReceiver slow = receiver(200).slowBy(Duration.ofSeconds(3));
        TestReceiver fast = receiver(200);
        String slowSubscription = subscribe(slow, "[\"OwnerAssigned\"]", null);
        subscribe(fast, "[\"OwnerAssigned\"]", null);
        UUID issue = createIssue("Printer", "slow-test", "P3");
        command(issue, "assign", "{\"owner\":\"ana\"}");

        TestReceiver.Request got = fast.await(r -> r.size() >= 1, WAIT).get(0);
        // The slow one is cut off at the read timeout and retried later, like any failure ...
        awaitDeliveries(slowSubscription, log -> log.size() == 1 && log.get(0).path("log").size() >= 1);
        JsonNode attempt = deliveries(slowSubscription).get(0).path("log").get(0);
        // ... and while it hung, the other subscription got its delivery.
        assertThat(Duration.between(Instant.parse(attempt.path("at").asString()), got.arrivedAt()))
                .isLessThan(Duration.ofMillis(900));
        assertThat(attempt.path("statusCode").isNull()).isTrue();
        assertThat(attempt.path("error").asString()).contains("no answer within");
        assertThat(attempt.path("durationMs").asLong()).isBetween(900L, 2_900L);
    }

    @Test
    void remindersReachOwnersOfIssuesWithAnSlaWarningOrWithoutUpdates() throws Exception {
        TestReceiver receiver = receiver(200);
        subscribe(receiver, "[\"IssueReminder\"]", "{\"teams\":[\"night-shift\"]}");
        UUID atRisk = createIssue("Payments slow", "night-shift", "P2");      // first response due in 8 s
        command(atRisk, "assign", "{\"owner\":\"ana\"}");
        UUID silent = createIssue("Backup job", "night-shift", "P3");
        command(silent, "assign", "{\"owner\":\"bo\"}");
        UUID resolved = createIssue("Typo on page", "night-shift", "P3");
        command(resolved, "assign", "{\"owner\":\"cy\"}");
        command(resolved, "start", "{}");
        command(resolved, "resolve", "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"fixed\"}");
        UUID otherTeam = createIssue("Elsewhere", "day-shift", "P3");

        receiver.await(r -> reminders(r, silent, "NO_UPDATE").size() >= 2
                && reminders(r, atRisk, "SLA_BREACHED").size() >= 1, WAIT);
        List<TestReceiver.Request> requests = receiver.requests();

        List<JsonNode> warnings = reminders(requests, atRisk, "SLA_WARNING");
        assertThat(warnings).hasSize(1);
        JsonNode warning = warnings.get(0);
        assertThat(warning.path("event").path("type").asString()).isEqualTo("IssueReminder");
        assertThat(warning.path("event").path("actor").asString()).isEqualTo("system:reminders");
        assertThat(warning.path("event").path("payload").path("owner").asString()).isEqualTo("ana");
        assertThat(warning.path("event").path("payload").path("clock").asString()).isEqualTo("FIRST_RESPONSE");
        assertThat(warning.path("event").path("payload").path("dueAt").asString()).isNotBlank();
        assertThat(reminders(requests, atRisk, "SLA_BREACHED")).hasSize(1);

        List<JsonNode> quiet = reminders(requests, silent, "NO_UPDATE");
        assertThat(quiet.get(0).path("event").path("payload").path("owner").asString()).isEqualTo("bo");
        assertThat(quiet.get(0).path("issue").path("status").asString()).isEqualTo("ASSIGNED");
        assertThat(Duration.parse(quiet.get(0).path("event").path("payload").path("silentFor").asString()))
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        // Reminded again only after as much more silence, not on every check.
        Instant first = Instant.parse(quiet.get(0).path("event").path("occurredAt").asString());
        Instant second = Instant.parse(quiet.get(1).path("event").path("occurredAt").asString());
        assertThat(Duration.between(first, second)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));

        assertThat(requests).noneMatch(r -> r.bodyText().contains(resolved.toString()));
        assertThat(requests).noneMatch(r -> r.bodyText().contains(otherTeam.toString()));

        // An update stops the reminders for a while.
        command(silent, "comments", "{\"text\":\"still on it\",\"publicComment\":false}");
        int before = reminders(receiver.requests(), silent, "NO_UPDATE").size();
        Thread.sleep(1_000);
        assertThat(reminders(receiver.requests(), silent, "NO_UPDATE")).hasSizeLessThanOrEqualTo(before + 1);
        // Its SLA clock would go on escalating (level 3 at 200 %) into the other tests.
        command(atRisk, "cancel", "{\"reason\":\"INVALID\"}");
    }

    @Test
    void badInputToTheAdminApiIsA400ProblemAndChangesNothing() throws Exception {
        TestReceiver receiver = receiver(200);
        String existing = subscribe(receiver, "[\"IssueEscalated\"]", "{\"teams\":[\"ops\"]}");
        String before = get(port, "/api/admin/webhooks").body();
        String url = receiver.url();
        Map<String, String> badBodies = Map.ofEntries(
                Map.entry("not json", "body"),
                Map.entry("{\"eventTypes\":[\"IssueEscalated\"],\"secret\":\"" + SECRET + "\"}", "url"),
                Map.entry(body("ftp://example.com/x", "[\"IssueEscalated\"]", SECRET), "url"),
                Map.entry(body("/relative", "[\"IssueEscalated\"]", SECRET), "url"),
                Map.entry(body("https://user:pw@example.com/x", "[\"IssueEscalated\"]", SECRET), "url"),
                Map.entry(body("http://exa mple.com", "[\"IssueEscalated\"]", SECRET), "url"),
                // Never a receiver, whatever allow-private-targets says: the cloud's metadata service, also spelt
                // as one decimal number, and an IPv6 link-local address.
                Map.entry(body("http://169.254.169.254/latest/meta-data/", "[\"IssueEscalated\"]", SECRET), "url"),
                Map.entry(body("http://2852039166/latest/meta-data/", "[\"IssueEscalated\"]", SECRET), "url"),
                Map.entry(body("http://[fe80::1]:8080/hook", "[\"IssueEscalated\"]", SECRET), "url"),
                Map.entry(body(url, "[]", SECRET), "eventTypes"),
                Map.entry(body(url, "[\"IssueExploded\"]", SECRET), "eventTypes"),
                Map.entry(body(url, "\"IssueEscalated\"", SECRET), "eventTypes"),
                Map.entry(body(url, "[\"IssueEscalated\"]", "short"), "secret"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"IssueEscalated\"]}", "secret"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"IssueEscalated\"],\"secret\":\"" + SECRET
                        + "\",\"filter\":{\"priorities\":[\"P9\"]}}", "filter.priorities[0]"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"IssueEscalated\"],\"secret\":\"" + SECRET
                        + "\",\"filter\":{\"teams\":[\" \"]}}", "filter.teams"),
                Map.entry("{\"url\":\"" + url + "\",\"eventTypes\":[\"IssueEscalated\"],\"secret\":\"" + SECRET
                        + "\",\"description\":\"" + "x".repeat(501) + "\"}", "description"));
        for (Map.Entry<String, String> bad : badBodies.entrySet()) {
            HttpResponse<String> created = post(port, "/api/admin/webhooks", bad.getKey());
            assertProblem(created, 400, bad.getKey());
            JsonNode problem = json.readTree(created.body());
            if (!bad.getValue().equals("body")) {
                assertThat(problem.path("errors").has(bad.getValue()) || problem.path("field").asString().equals(bad.getValue()))
                        .as("%s names %s: %s", bad.getKey(), bad.getValue(), created.body()).isTrue();
            }
            assertThat(created.body()).doesNotContain(SECRET);

            boolean secretLeftOut = !bad.getKey().contains("\"secret\"");
            if (!(bad.getValue().equals("secret") && secretLeftOut)) { // a replace may leave the secret out
                assertProblem(put("/api/admin/webhooks/" + existing, bad.getKey()), 400, "PUT " + bad.getKey());
            }
        }
        assertThat(get(port, "/api/admin/webhooks").body()).isEqualTo(before);

        String unknown = "/api/admin/webhooks/" + UUID.randomUUID();
        assertProblem(get(port, unknown), 404, "get");
        assertProblem(put(unknown, body(url, "[\"IssueEscalated\"]", SECRET)), 404, "put");
        assertProblem(delete(port, unknown), 404, "delete");
        assertProblem(post(port, unknown + "/pause", ""), 404, "pause");
        assertProblem(post(port, unknown + "/resume", ""), 404, "resume");
        assertProblem(get(port, unknown + "/deliveries"), 404, "deliveries");
        assertProblem(get(port, "/api/admin/webhooks/not-a-uuid"), 400, "bad id");
        assertProblem(get(port, "/api/admin/webhooks/" + existing + "/deliveries?limit=0"), 400, "limit 0");
        assertProblem(get(port, "/api/admin/webhooks/" + existing + "/deliveries?limit=501"), 400, "limit 501");
        assertProblem(get(port, "/api/admin/webhooks/" + existing + "/deliveries?status=LOST"), 400, "status");
        assertThat(get(port, "/api/admin/webhooks").body()).isEqualTo(before);

        // The same subscription, paused by hand and resumed; deleting it leaves nothing behind.
        HttpResponse<String> paused = post(port, "/api/admin/webhooks/" + existing + "/pause", "", "X-API-Key", "olga-key");
        assertThat(json.readTree(paused.body()).path("status").asString()).isEqualTo("PAUSED");
        assertThat(json.readTree(paused.body()).path("pausedReason").asString()).isEqualTo("paused by olga");
        assertThat(json.readTree(post(port, "/api/admin/webhooks/" + existing + "/resume", "").body())
                .path("status").asString()).isEqualTo("ACTIVE");
        assertThat(delete(port, "/api/admin/webhooks/" + existing).statusCode()).isEqualTo(204);
        assertProblem(get(port, "/api/admin/webhooks/" + existing), 404, "deleted");
    }

    // ---- helpers ----

    private TestReceiver receiver(int status) throws Exception {
        TestReceiver receiver = TestReceiver.answering(status);
        receivers.add(receiver);
        return receiver;
    }

    private String subscribe(TestReceiver receiver, String eventTypes, String filter) throws Exception {
        String body = "{\"url\":\"" + receiver.url() + "\",\"eventTypes\":" + eventTypes + ",\"secret\":\"" + SECRET + "\""
                + (filter != null ? ",\"filter\":" + filter : "") + "}";
        HttpResponse<String> created = post(port, "/api/admin/webhooks", body, "X-API-Key", "admin-key");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode subscription = json.readTree(created.body());
        assertThat(created.headers().firstValue("Location")).hasValue("/api/admin/webhooks/" + subscription.path("id").asString());
        assertThat(subscription.path("status").asString()).isEqualTo("ACTIVE");
        assertThat(subscription.path("createdBy").asString()).isEqualTo("admin");
        assertThat(created.body()).doesNotContain(SECRET);
        return subscription.path("id").asString();
    }

    private static String body(String url, String eventTypes, String secret) {
        return "{\"url\":\"" + url + "\",\"eventTypes\":" + eventTypes + ",\"secret\":\"" + secret + "\"}";
    }

    private UUID createIssue(String title, String team, String priority) throws Exception {
        HttpResponse<String> created = post(port, "/api/issues", "{\"title\":\"" + title
                + "\",\"category\":\"it\",\"priority\":\"" + priority + "\",\"reporter\":\"rita\""
                + (team != null ? ",\"team\":\"" + team + "\"" : "") + "}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(created.body()).path("issueId").asString());
    }

    private void command(UUID issue, String verb, String body) throws Exception {
        HttpResponse<String> response = post(port, "/api/issues/" + issue + "/" + verb, body, "X-API-Key", "dispatcher-key");
        assertThat(response.statusCode()).as(verb + ": " + response.body()).isEqualTo(200);
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").header("X-API-Key", "e2e-key").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode subscription(String id) throws Exception {
        HttpResponse<String> response = get(port, "/api/admin/webhooks/" + id);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode deliveries(String id) throws Exception {
        HttpResponse<String> response = get(port, "/api/admin/webhooks/" + id + "/deliveries");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("deliveries");
    }

    private void awaitSubscription(String id, Predicate<JsonNode> condition) throws Exception {
        await(() -> subscription(id), condition);
    }

    private void awaitDeliveries(String id, Predicate<JsonNode> condition) throws Exception {
        await(() -> deliveries(id), condition);
    }

    private static void await(Callable<JsonNode> answer, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode answered;
        do {
            Thread.sleep(50);
            answered = answer.call();
        } while (!condition.test(answered) && System.nanoTime() < deadline);
        assertThat(condition.test(answered)).as(answered.toString()).isTrue();
    }

    private static boolean allDelivered(JsonNode log) {
        for (JsonNode delivery : log) {
            if (!delivery.path("status").asString().equals("DELIVERED")) {
                return false;
            }
        }
        return true;
    }

    /** "type issueId" of every accepted delivery, in arrival order. */
    private List<String> delivered(TestReceiver receiver) {
        return receiver.accepted().stream().map(r -> json.readTree(r.bodyText()).path("event"))
                .map(e -> e.path("type").asString() + " " + e.path("issueId").asString()).toList();
    }

    private List<JsonNode> reminders(List<TestReceiver.Request> requests, UUID issue, String reason) {
        return requests.stream().map(r -> json.readTree(r.bodyText()))
                .filter(b -> b.path("event").path("type").asString().equals("IssueReminder"))
                .filter(b -> b.path("event").path("issueId").asString().equals(issue.toString()))
                .filter(b -> b.path("event").path("payload").path("reason").asString().equals(reason))
                .toList();
    }

    private void assertProblem(HttpResponse<String> response, int status, String what) {
        assertThat(response.statusCode()).as(what + ": " + response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(what)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    /** Long enough for anything that should not arrive to have arrived. */
    private static void settle() throws InterruptedException {
        Thread.sleep(500);
    }

    private static long millisBetween(TestReceiver.Request earlier, TestReceiver.Request later) {
        return Duration.ofNanos(later.arrivedNanos() - earlier.arrivedNanos()).toMillis();
    }

    static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    }
}
