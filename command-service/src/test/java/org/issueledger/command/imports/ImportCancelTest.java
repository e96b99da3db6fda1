package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * An operator stops a long import that is under way (the wrong file, the wrong hour): it stops after the batches being
 * sent, each source event stored whole or not at all, the report says who stopped it and how many events were read
 * but not sent, and the same import run again later completes the log from where it stopped.
 *
 * <p>Timers are polled hourly, so that nothing but the imports appends (see {@link CsvImportTest}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "issueledger.deadlines.polling-interval=1h")
class ImportCancelTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "imports_cancel");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aCancelledImportStopsWithEachSourceEventWholeOrNotAtAllAndTheSameImportRunAgainCompletesIt() throws Exception {
        // ~12,000 rows, some seconds' work: far more than are imported between the first stored batch and the
        // cancellation (a few hundred events)
        byte[] log = ImportPathsTest.legalLog(new Random(12), 1_500);
        long rows = new String(log, StandardCharsets.UTF_8).lines().count() - 1;
        ImportClient dispatcher = new ImportClient(port, "dispatcher-key");
        ImportClient olga = new ImportClient(port, "olga-key");

        String location = dispatcher.start("export.csv", log, CsvMappingTest.MAPPING, "");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (ImportClient.json(dispatcher.send("GET", location).body()).path("outcomes").path("imported").asLong() == 0) {
            assertThat(System.nanoTime()).as("something imported within 2 minutes").isLessThan(deadline);
            Thread.sleep(20);
        }
        // One import at a time: a second is refused, and told how to stop the first.
        HttpResponse<String> second = dispatcher.upload("other.csv", log, CsvMappingTest.MAPPING, "");
        assertThat(second.statusCode()).isEqualTo(409);
        String running = location.substring(location.lastIndexOf('/') + 1);
        assertThat(ImportClient.json(second.body()).path("runningImport").asString()).isEqualTo(running);
        assertThat(ImportClient.json(second.body()).path("detail").asString())
                .contains("DELETE /api/admin/imports/" + running + " cancels it");
        HttpResponse<String> cancelled = olga.send("DELETE", location);

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        JsonNode report = ImportClient.json(cancelled.body());
        assertThat(report.path("state").asString()).isEqualTo("CANCELLED");
        assertThat(report.path("cancelledBy").asString()).isEqualTo("olga");
        assertThat(report.path("importedBy").asString()).isEqualTo("dispatcher");
        assertThat(report.path("summary").asString()).startsWith("CANCELLED by olga at ");
        assertThat(report.path("finishedAt").isNull()).isFalse();
        long accepted = report.path("accepted").asLong();
        assertThat(accepted).isPositive().isLessThan(rows);
        assertThat(report.path("rejected").asLong()).isZero();
        assertThat(report.path("read").asLong()).as("every event read is accepted, rejected or not sent")
                .isEqualTo(accepted + report.path("rejected").asLong() + report.path("notSent").asLong());
        Map<String, Set<String>> keysWhenCancelled = keysBySourceEvent();
        long storedWhenCancelled = stored();
        assertThat(storedWhenCancelled).isPositive();

        Thread.sleep(1_000);
        assertThat(stored()).as("nothing sent after the cancellation answered").isEqualTo(storedWhenCancelled);
        HttpResponse<String> again = olga.send("DELETE", location);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(ImportClient.json(again.body()).path("state").asString()).isEqualTo("CANCELLED");
        assertThat(ImportClient.json(again.body()).path("detail").asString()).contains("cancelled by olga");
        HttpResponse<String> unknown = olga.send("DELETE", "/api/admin/imports/" + java.util.UUID.randomUUID());
        assertThat(unknown.statusCode()).isEqualTo(404);

        JsonNode resumed = dispatcher.importAndWait("export.csv", log, CsvMappingTest.MAPPING, "", Duration.ofMinutes(5));

        assertThat(resumed.path("state").asString()).as(resumed.path("summary").asString()).isEqualTo("COMPLETED");
        assertThat(resumed.path("read").asLong()).isEqualTo(rows);
        assertThat(resumed.path("accepted").asLong()).isEqualTo(rows);
        assertThat(resumed.path("notSent").asLong()).isZero();
        assertThat(resumed.path("cancelledBy").isNull()).isTrue();
        assertThat(resumed.path("outcomes").path("already_imported").asLong()).isPositive();
        assertThat(resumed.path("outcomes").path("imported").asLong()).isPositive();
        // A source event with any key stored when the import was cancelled had all of its keys then (its events are
        // stored in the same transaction as its keys): none was cut in two.
        Map<String, Set<String>> keysAtTheEnd = keysBySourceEvent();
        assertThat(keysWhenCancelled).isNotEmpty();
        keysWhenCancelled.forEach((sourceEvent, keys) ->
                assertThat(keys).as(sourceEvent).isEqualTo(keysAtTheEnd.get(sourceEvent)));

        JsonNode listed = ImportClient.json(dispatcher.send("GET", "/api/admin/imports").body());
        assertThat(listed.size()).isEqualTo(2);
        assertThat(listed.get(0).path("id").asString()).as("the newest first").isEqualTo(resumed.path("id").asString());
        assertThat(listed.get(0).path("state").asString()).isEqualTo("COMPLETED");
        assertThat(listed.get(1).path("id").asString()).isEqualTo(report.path("id").asString());
        assertThat(listed.get(1).path("state").asString()).isEqualTo("CANCELLED");
        HttpResponse<String> completed = olga.send("DELETE", "/api/admin/imports/" + resumed.path("id").asString());
        assertThat(completed.statusCode()).isEqualTo(409);
        assertThat(ImportClient.json(completed.body()).path("state").asString()).isEqualTo("COMPLETED");
    }

    private long stored() {
        return jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
    }

    /** The idempotency keys stored, by the source event they belong to ({@code import:<source>:<case>#<event>}). */
    private Map<String, Set<String>> keysBySourceEvent() {
        Map<String, Set<String>> keys = new TreeMap<>();
        jdbc.query("select idempotency_key from command_idempotency where idempotency_key like 'import:%'", row -> {
            String key = row.getString(1);
            keys.computeIfAbsent(key.substring(0, key.lastIndexOf('.')), k -> new TreeSet<>()).add(key);
        });
        return keys;
    }
}
