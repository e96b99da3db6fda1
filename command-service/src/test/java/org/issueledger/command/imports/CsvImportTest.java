package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

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
 * A help desk's CSV export with a mapping file, uploaded to the import endpoint.
 *
 * <p>Timers are polled hourly: imported issues still open get SLA timers with thresholds long past, which polled
 * every second fired between a test's two counts of the store and added events of their own (33 expected, 36 and
 * 38 found).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "issueledger.deadlines.polling-interval=1h")
class CsvImportTest {

    private static final String CSV = """
            ticket;changed;status;assignee;group;prio;category;changed_by;subject
            T-1;30.03.2024 09:15;new;;desk;normal;printer;rita;"Printer jam; floor 2"
            T-1;31.03.2024 09:15;assigned;ana;desk;normal;printer;dispatch;
            T-2;01.04.2024 10:00;new;;desk;urgent;mail;bo;Mail down
            T-1;01.04.2024 11:00;working;ana;desk-L2;normal;printer;ana;
            T-2;01.04.2024 10:30;spam;;desk;urgent;mail;bo;
            T-2;01.04.2024 10:45;waiting;bo;desk;urgent;mail;bo;
            T-1;02.04.2024 11:00;solved;ana;desk-L2;normal;printer;ana;
            T-1;03.04.2024 12:00;closed;ana;desk-L2;normal;printer;rita;
            T-3;2024-04-03 12:00;new;;desk;normal;misc;rita;Bad time
            T-1;04.04.2024 08:00;note;ana;desk-L2;normal;printer;rita;
            """;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "imports_csv");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void csvWithAMappingFileImportsReportsRefusalsWithReasonsAndAReRunAppendsNothing() throws Exception {
        ImportClient client = new ImportClient(port);
        JsonNode report = client.importAndWait("export.csv", CSV.getBytes(StandardCharsets.UTF_8), CsvMappingTest.MAPPING, "",
                Duration.ofMinutes(1));

        assertThat(report.path("state").asString()).as(report.toString()).isEqualTo("COMPLETED");
        assertThat(report.path("read").asLong()).isEqualTo(10);
        assertThat(report.path("issues").asLong()).isEqualTo(3);
        assertThat(report.path("outcomes").path("imported").asLong()).as(report.toString()).isEqualTo(7);
        assertThat(report.path("outcomes").path("skipped").asLong()).isEqualTo(1);
        assertThat(report.path("rejected").asLong()).isEqualTo(2);
        assertThat(report.path("rejectedByReason").toString())
                .contains("malformed record: timestamp '2024-04-03 12:00' does not match the pattern dd.MM.yyyy HH:mm")
                .contains("hold: Issue <issue> is CANCELLED: cannot hold");
        JsonNode refused = report.path("rejections").get(0);
        assertThat(refused.path("position").asString()).isIn("line 7", "line 10");

        String issue = jdbc.queryForObject("select aggregate_identifier from domain_event_entry where payload_type = ?"
                + " and convert_from(meta_data, 'UTF8') like '%T-1#0%'", String.class,
                "org.issueledger.events.issue.IssueCreated");
        assertThat(types(issue)).containsSubsequence("IssueCreated", "OwnerAssigned", "IssueEscalated", "WorkStarted",
                "IssueResolved", "IssueClosed");
        assertThat(jdbc.queryForObject("select convert_from(payload, 'UTF8') from domain_event_entry where aggregate_identifier = ?"
                + " and sequence_number = 0", String.class, issue)).contains("\"title\":\"Printer jam; floor 2\"")
                .contains("\"occurredAt\":\"2024-03-30T08:15:00Z\"");

        long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        JsonNode again = client.importAndWait("export.csv", CSV.getBytes(StandardCharsets.UTF_8), CsvMappingTest.MAPPING, "",
                Duration.ofMinutes(1));
        assertThat(again.path("outcomes").path("imported").asLong()).isZero();
        assertThat(again.path("outcomes").path("already_imported").asLong()).isEqualTo(7);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isEqualTo(stored);
    }

    @Test
    void importedEventsKeepTheSourceLogsActorsAndNameWhoImportedThem() throws Exception {
        String csv = """
                ticket;changed;status;assignee;group;prio;category;changed_by;subject
                S-1;30.03.2024 09:15;new;;desk;normal;printer;rita;Scanner jam
                S-1;31.03.2024 09:15;assigned;ana;desk;normal;printer;dispatch;
                """;
        long before = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        HttpResponse<String> analyst = new ImportClient(port, "analyst-only").upload("export.csv",
                csv.getBytes(StandardCharsets.UTF_8), CsvMappingTest.MAPPING, "");
        assertThat(analyst.statusCode()).as("an ANALYST key may not import").isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isEqualTo(before);

        JsonNode report = new ImportClient(port, "ops-import-key").importAndWait("export.csv",
                csv.getBytes(StandardCharsets.UTF_8), CsvMappingTest.MAPPING, "", Duration.ofMinutes(1));
        assertThat(report.path("outcomes").path("imported").asLong()).as(report.toString()).isEqualTo(2);
        java.util.List<String> metadata = jdbc.queryForList("select convert_from(meta_data, 'UTF8') from domain_event_entry"
                + " where convert_from(meta_data, 'UTF8') like '%S-1#%' order by global_index", String.class);
        assertThat(metadata).isNotEmpty().allSatisfy(m -> assertThat(ImportClient.json(m).path("importedBy").asString())
                .isEqualTo("ops-import"));
        assertThat(metadata).extracting(m -> ImportClient.json(m).path("actor").asString())
                .as("history keeps its own actors, not the importing key's").contains("rita", "dispatch")
                .doesNotContain("ops-import");
    }

    @Test
    void headerWithoutAMappedColumnIsRefusedWithItsPositionAndImportsNothing() throws Exception {
        long before = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
        HttpResponse<String> refused = new ImportClient(port).upload("export.csv",
                CSV.replace("assignee", "owner").getBytes(StandardCharsets.UTF_8), CsvMappingTest.MAPPING, "");
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode problem = ImportClient.json(refused.body());
        assertThat(problem.path("title").asString()).isEqualTo("Malformed log");
        assertThat(problem.path("position").asString()).isEqualTo("line 1");
        assertThat(problem.path("detail").asString()).contains("column 'assignee'");
        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry", Long.class)).isEqualTo(before);
    }

    @Test
    void truncatedGzipFailsTheImportWithItsPositionAfterTheWholeTracesBeforeIt() throws Exception {
        StringBuilder xes = new StringBuilder("<log xmlns=\"http://www.xes-standard.org/\">\n");
        for (int i = 0; i < 400; i++) {
            xes.append("<trace><string key=\"concept:name\" value=\"cut-").append(i).append("\"/>")
                    .append("<event><string key=\"concept:name\" value=\"Accepted\"/><string key=\"lifecycle:transition\" value=\"In Progress\"/>")
                    .append("<string key=\"org:resource\" value=\"ana\"/><string key=\"filler\" value=\"").append(Integer.toHexString(i * 7919).repeat(40))
                    .append("\"/><date key=\"time:timestamp\" value=\"2012-01-01T10:00:00Z\"/></event></trace>\n");
        }
        byte[] whole = XesReaderTest.gzip(xes.append("</log>\n").toString().getBytes(StandardCharsets.UTF_8));
        JsonNode report = new ImportClient(port).importAndWait("cut.xes.gz", Arrays.copyOf(whole, whole.length / 2), null,
                "?mapping=bpi2013", Duration.ofMinutes(1));
        assertThat(report.path("state").asString()).isEqualTo("FAILED");
        assertThat(report.path("error").asString()).startsWith("line ").contains("gzip stream is truncated or corrupt");
        long created = jdbc.queryForObject("select count(*) from domain_event_entry where payload_type = ?"
                + " and convert_from(meta_data, 'UTF8') like '%cut-%'", Long.class, "org.issueledger.events.issue.IssueCreated");
        assertThat(created).as("every whole trace read, none of the broken one").isEqualTo(report.path("issues").asLong())
                .isGreaterThan(0).isLessThan(400);
    }

    private java.util.List<String> types(String issue) {
        return jdbc.queryForList("select substring(payload_type from '[^.]*$') from domain_event_entry"
                + " where aggregate_identifier = ? order by sequence_number", String.class, issue);
    }
}
