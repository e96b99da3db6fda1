package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

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
 * The real BPI Challenge 2013 incident log imported through the command path, checked against figures
 * this test computes from the file itself with a deliberately simple line scan.
 *
 * <p>Data: Steeman, W. (2013). BPI Challenge 2013, incidents. 4TU.ResearchData.
 * https://doi.org/10.4121/uuid:500573e6-accc-4b0c-9576-aa5468b10cee
 */
// The SLA timers stay as the import left them: the issues still open have clocks whose thresholds passed in 2012
// or 2013, and their timers would fire at once and record those breaches between the two runs compared here.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "issueledger.deadlines.polling-interval=1h")
class Bpi2013ImportTest {

    static final Path BPI = Path.of(System.getProperty("issueledger.bpi2013",
            "/work/shared/data/bpi2013/bpi_challenge_2013_incidents.xes.gz"));

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "imports_bpi");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void wholeLogImportsAsTheFileSaysAndAReRunAppendsNothing() throws Exception {
        byte[] file = Files.readAllBytes(BPI);
        Figures expected = Figures.of(file);
        ImportClient client = new ImportClient(port);

        long started = System.nanoTime();
        JsonNode report = client.importAndWait(BPI.getFileName().toString(), file, null, "?mapping=bpi2013",
                Duration.ofMinutes(5));
        System.out.printf("BPI 2013 import: %.1f s, %s%n", (System.nanoTime() - started) / 1e9, report.path("summary").asString());

        assertThat(report.path("state").asString()).as(report.toString()).isEqualTo("COMPLETED");
        // The report's times span the import (65,533 events take well over a second), not a moment of it.
        assertThat(Duration.between(Instant.parse(report.path("startedAt").asString()),
                Instant.parse(report.path("finishedAt").asString()))).isGreaterThan(Duration.ofSeconds(1));
        assertThat(report.path("issues").asLong()).isEqualTo(expected.traces);
        assertThat(report.path("read").asLong()).isEqualTo(expected.events);
        assertThat(report.path("accepted").asLong() + report.path("rejected").asLong()).isEqualTo(expected.events);
        assertThat(issuesWith("IssueCreated")).isEqualTo(expected.traces);
        assertThat(issuesWith("IssueReopened")).isEqualTo(expected.reopened);
        assertThat(stillOpen()).as("open: %s", openCases()).isEqualTo(expected.open);

        long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        JsonNode again = client.importAndWait(BPI.getFileName().toString(), file, null, "?mapping=bpi2013",
                Duration.ofMinutes(5));
        assertThat(again.path("state").asString()).isEqualTo("COMPLETED");
        assertThat(again.path("outcomes").path("imported").asLong()).as(again.path("summary").asString()).isZero();
        assertThat(again.path("read").asLong()).isEqualTo(expected.events);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isEqualTo(stored);
    }

    private long issuesWith(String eventType) {
        return jdbc.queryForObject("select count(distinct aggregate_identifier) from domain_event_entry where payload_type = ?",
                Long.class, "org.issueledger.events.issue." + eventType);
    }

    /** The source case ids of the issues still open, to tell which differ when the count does. */
    private List<String> openCases() {
        return jdbc.queryForList("select distinct substring(convert_from(meta_data, 'UTF8') from '\"importedFrom\":\"([^#]*)#')"
                + " from domain_event_entry where aggregate_identifier in (" + OPEN_ISSUES.replace("count(*)", "aggregate_identifier")
                + ")", String.class);
    }

    /** Issues whose last lifecycle end (resolved, closed, cancelled) is missing or came before a reopen. */
    private long stillOpen() {
        return jdbc.queryForObject(OPEN_ISSUES, Long.class);
    }

    private static final String OPEN_ISSUES = """
                select count(*) from (
                  select aggregate_identifier,
                         max(case when payload_type in ('org.issueledger.events.issue.IssueResolved',
                               'org.issueledger.events.issue.IssueClosed', 'org.issueledger.events.issue.IssueCancelled')
                             then sequence_number end) as ended,
                         max(case when payload_type in ('org.issueledger.events.issue.IssueReopened',
                               'org.issueledger.events.issue.ResolutionRejected')
                             then sequence_number end) as reopened
                  from domain_event_entry
                  where aggregate_identifier in (select aggregate_identifier from domain_event_entry
                                                 where payload_type = 'org.issueledger.events.issue.IssueCreated')
                  group by aggregate_identifier) issues
                where ended is null or reopened > ended""";

    /** What the file says, read line by line: no XML parser, nothing shared with the importer. */
    record Figures(long traces, long events, long reopened, long open) {

        private static final Pattern NAME = Pattern.compile("<string key=\"concept:name\" value=\"([^\"]*)\"");

        static Figures of(byte[] gzipped) throws Exception {
            long traces = 0;
            long events = 0;
            long reopened = 0;
            long open = 0;
            List<String> statuses = null;
            boolean inEvent = false;
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new GZIPInputStream(new ByteArrayInputStream(gzipped)), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    String tag = line.strip();
                    if (tag.startsWith("<trace")) {
                        traces++;
                        statuses = new ArrayList<>();
                    } else if (tag.startsWith("<event")) {
                        events++;
                        inEvent = true;
                    } else if (tag.startsWith("</event")) {
                        inEvent = false;
                    } else if (inEvent) {
                        Matcher name = NAME.matcher(tag);
                        if (name.find()) {
                            statuses.add(name.group(1));
                        }
                    } else if (tag.startsWith("</trace")) {
                        int firstCompleted = statuses.indexOf("Completed");
                        if (firstCompleted >= 0 && statuses.subList(firstCompleted, statuses.size()).stream()
                                .anyMatch(status -> !status.equals("Completed"))) {
                            reopened++;
                        }
                        if (!statuses.get(statuses.size() - 1).equals("Completed")) {
                            open++;
                        }
                    }
                }
            }
            return new Figures(traces, events, reopened, open);
        }
    }
}
