package org.issueledger.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.e2e.E2eHttp.JSON;
import static org.issueledger.e2e.E2eHttp.post;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.issueledger.local.LocalKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The broker goes away in the middle of traffic, on its own dedicated broker so no other test notices: the
 * command side keeps accepting and storing, and once the broker is back every event reaches the read models
 * exactly once and in each issue's order.
 */
class FaultBrokerOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(8);
    private static final Duration CATCH_UP_WITHIN = Duration.ofSeconds(90);

    private static LocalKafka kafka;
    private static Path kafkaDir;
    private static ServicePair system;
    private static ServiceProcess commandService;
    private static ServiceProcess queryService;

    @BeforeAll
    static void startSystem() throws Exception {
        kafkaDir = Files.createTempDirectory("fault-broker-");
        kafka = LocalKafka.start(kafkaDir, 0);
        system = ServicePair.start("fault_outage", kafka.bootstrapServers(), "issue-events-outage", Map.of());
        commandService = system.commandService;
        queryService = system.queryService;
    }

    @AfterAll
    static void stopSystem() throws Exception {
        if (system != null) {
            system.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void commandsAreAcceptedDuringTheOutageAndEveryEventArrivesOnceInOrderAfterIt() throws Exception {
        List<String> issues = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            issues.add(create("before the outage " + i));
        }
        E2eHttp.await(queryService, "/api/issues/" + issues.get(5), v -> v.has("status"), Duration.ofSeconds(60));

        kafka.stop();
        int accepted = 0;
        long outageStarted = System.nanoTime();
        try {
            int round = 0;
            while (System.nanoTime() - outageStarted < OUTAGE.toNanos()) {
                if (round % 4 == 0) {
                    issues.add(create("during the outage " + round));
                } else {
                    String issueId = issues.get(round % issues.size());
                    HttpResponse<String> answer = post(commandService, "/api/issues/" + issueId + "/comments",
                            "{\"text\":\"still down " + round + "\",\"publicComment\":false}");
                    assertThat(answer.statusCode()).as("a command during the outage: %s", answer.body()).isEqualTo(200);
                }
                accepted++;
                round++;
                Thread.sleep(100);
            }
        } finally {
            kafka.start();
        }
        long brokerBack = System.nanoTime();

        // Every stored event of every issue, exactly once, in sequence order, with the store's event ids.
        Map<String, List<String>> expected = new HashMap<>();
        for (String issueId : issues) {
            List<String> ids = E2eHttp.storedEventIds(commandService, issueId);
            expected.put(issueId, IntStream.range(0, ids.size()).mapToObj(i -> i + ":" + ids.get(i)).toList());
        }
        for (String issueId : issues) {
            JsonNode audit = E2eHttp.await(queryService, "/api/audit/issues/" + issueId,
                    a -> a.path("entries").size() >= expected.get(issueId).size(), CATCH_UP_WITHIN);
            assertThat(E2eHttp.auditTrail(audit)).as("audit trail of %s", issueId)
                    .containsExactlyElementsOf(expected.get(issueId));
        }
        long caughtUpMillis = (System.nanoTime() - brokerBack) / 1_000_000;
        System.out.printf("FaultBrokerOutageTest: %d commands accepted during a %d s outage on %d issues; "
                + "read models complete %d ms after the broker returned%n", accepted, OUTAGE.toSeconds(), issues.size(),
                caughtUpMillis);
        assertThat(accepted).isGreaterThan(10);
    }

    private static String create(String title) throws Exception {
        HttpResponse<String> answer = post(commandService, "/api/issues", """
                {"title":"%s","category":"network","priority":"P3","reporter":"rita","team":"ops"}"""
                .formatted(title));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        return JSON.readTree(answer.body()).path("issueId").asString();
    }
}
