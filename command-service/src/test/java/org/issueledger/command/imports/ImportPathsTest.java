package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

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

/**
 * The same log imported with each case's steps as one command and with every step as a command of its own: the
 * store must not tell them apart. Same events per issue (type, payload, metadata but the ids of the commands), the
 * same idempotency keys, the same SLA timers, the same report (refusals and their reasons included), and every hash
 * chain intact. The log is random (fixed seed) and meant to hit every branch: cases interleaved so that one case comes
 * in several runs of one batch, refusals mid-case (time going backwards, a hold after a cancellation), malformed rows,
 * SLA thresholds crossed between steps, escalations by team, reopening.
 */
class ImportPathsTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm");
    private static final Set<String> COMMAND_IDS = Set.of("commandId", "causationId", "hash", "previousHash");

    @Test
    void oneCommandPerCaseStoresWhatOneCommandPerStepStores() throws Exception {
        byte[] log = randomLog(new Random(20261207), 400);
        Stored perStep = importWith(false, log, null);
        Stored perCase = importWith(true, log, null);

        assertThat(perCase.report.path("rejected").asLong()).as("the log has refusals").isGreaterThan(10);
        assertThat(perCase.report.path("outcomes").path("imported").asLong()).isGreaterThan(1_000);
        for (String field : List.of("read", "accepted", "rejected", "issues", "commandsSent", "outcomes", "rejectedByReason")) {
            assertThat(perCase.report.path(field).toString()).as(field).isEqualTo(perStep.report.path(field).toString());
        }
        assertThat(rejections(perCase.report)).isEqualTo(rejections(perStep.report));
        assertThat(perCase.events.keySet()).isEqualTo(perStep.events.keySet());
        perStep.events.forEach((issue, events) -> assertThat(perCase.events.get(issue)).as(issue).isEqualTo(events));
        assertThat(perCase.keys).isEqualTo(perStep.keys);
        // An issue's pending timers are what its last rescheduling command left, plus any an earlier batch left that
        // nothing cancelled (harmless: a timer records only a threshold really crossed). Which those are depends on
        // how the cases fell into batches, which depends on timing, on either path; it is fixed when the issue's very
        // last command reschedules: those issues' timers must be the same.
        List<String> settled = perStep.events.keySet().stream()
                .filter(issue -> RESCHEDULING.contains(lastCommandsEvent(perStep.events.get(issue)))).toList();
        assertThat(settled).hasSizeGreaterThan(100);
        for (String issue : settled) {
            assertThat(timersOf(perCase.timers, issue)).as(issue).isEqualTo(timersOf(perStep.timers, issue));
        }
        // And none is left without a timer while a clock runs towards a breach not recorded yet, whichever command
        // came last (a start of work or an assignment changes no clock and schedules nothing of its own).
        assertThat(perStep.runningClocks).hasSizeGreaterThan(5);
        for (Stored stored : List.of(perStep, perCase)) {
            for (String issue : stored.runningClocks) {
                assertThat(timersOf(stored.timers, issue)).as("timers of %s, whose last command applied %s", issue,
                        lastCommandsEvent(stored.events.get(issue))).isNotEmpty();
            }
        }
        assertThat(perCase.chainsIntact).isTrue();
        assertThat(perStep.chainsIntact).isTrue();
    }

    @Test
    void anInterruptedImportRunAgainCompletesWithoutDuplicatesAndAReRunAppendsNothing() throws Exception {
        byte[] log = legalLog(new Random(7), 200);
        String whole = new String(log, StandardCharsets.UTF_8);
        // cut inside a case: the rows before the cut are what an interrupted run got through
        String cut = whole.substring(0, whole.indexOf('\n', whole.length() / 2) + 1);
        Stored once = importWith(true, log, null);
        Stored resumed = importWith(true, log, cut.getBytes(StandardCharsets.UTF_8));

        assertThat(once.report.path("rejected").asLong()).isZero();
        assertThat(resumed.report.path("rejected").asLong()).isZero();
        assertThat(resumed.report.path("outcomes").path("already_imported").asLong()).isPositive();
        assertThat(resumed.report.path("outcomes").path("imported").asLong()).isPositive();
        assertThat(resumed.keys).isEqualTo(once.keys);
        assertThat(resumed.events.keySet()).isEqualTo(once.events.keySet());
        once.events.forEach((issue, events) -> assertThat(resumed.events.get(issue)).as(issue).isEqualTo(events));
        assertThat(resumed.again.path("outcomes").path("imported").asLong()).isZero();
        assertThat(resumed.storedAfterAgain).isEqualTo(resumed.stored);
    }

    @Test
    void anImportOfALogWithRefusalsInterruptedAnywhereAndRunAgainEndsAsOneUninterruptedImport() throws Exception {
        byte[] log = randomLog(new Random(7), 200);
        String whole = new String(log, StandardCharsets.UTF_8);
        Stored once = importWith(true, log, null);
        assertThat(once.report.path("rejected").asLong()).as("the log has refusals").isGreaterThan(5);
        for (double at : new double[] {0.3, 0.5, 0.8}) {
            // cut inside a case: the rows before the cut are what an interrupted run got through
            String cut = whole.substring(0, whole.indexOf('\n', (int) (whole.length() * at)) + 1);
            Stored resumed = importWith(at != 0.5, log, cut.getBytes(StandardCharsets.UTF_8));
            assertThat(resumed.report.path("outcomes").path("already_imported").asLong()).as("cut at " + at).isPositive();
            assertThat(resumed.report.path("outcomes").path("imported").asLong()).as("cut at " + at).isPositive();
            for (String field : List.of("read", "accepted", "rejected", "rejectedByReason")) {
                assertThat(resumed.report.path(field).toString()).as("cut at " + at + ": " + field)
                        .isEqualTo(once.report.path(field).toString());
            }
            assertThat(resumed.report.path("outcomes").path("imported").asLong()
                    + resumed.report.path("outcomes").path("already_imported").asLong()).as("cut at " + at)
                    .isEqualTo(once.report.path("outcomes").path("imported").asLong());
            assertThat(rejections(resumed.report)).as("cut at " + at).isEqualTo(rejections(once.report));
            assertThat(resumed.keys).as("cut at " + at).isEqualTo(once.keys);
            assertThat(resumed.events.keySet()).isEqualTo(once.events.keySet());
            once.events.forEach((issue, events) -> assertThat(resumed.events.get(issue)).as("cut at " + at + ": " + issue)
                    .isEqualTo(events));
            assertThat(resumed.again.path("outcomes").path("imported").asLong()).as("cut at " + at).isZero();
            assertThat(resumed.again.path("rejectedByReason").toString()).as("cut at " + at)
                    .isEqualTo(once.report.path("rejectedByReason").toString());
            assertThat(resumed.storedAfterAgain).isEqualTo(resumed.stored);
        }
    }

    /** The events of the commands that reschedule an issue's SLA deadlines, as the importer sends them. */
    private static final Set<String> RESCHEDULING = Set.of("IssueCreated", "PriorityChanged", "IssuePutOnHold",
            "IssueResumed", "IssueResolved", "IssueReopened", "IssueCancelled");

    /** The type of the last event an issue's last command applied itself (not an SLA clock's). */
    private static String lastCommandsEvent(List<String> events) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (!events.get(i).contains("\"actor\":\"system:sla\"")) {
                return events.get(i).split(" ")[2].replaceAll(".*\\.", "");
            }
        }
        throw new AssertionError("no command's event in " + events);
    }

    private static List<String> timersOf(List<String> timers, String issue) {
        return timers.stream().filter(timer -> timer.startsWith("Issue/" + issue + " ")).toList();
    }

    /** What the store holds after an import (and, after a first import of {@code first}, a second of the whole log). */
    private record Stored(JsonNode report, Map<String, List<String>> events, Map<String, String> keys,
                          List<String> timers, List<String> runningClocks, boolean chainsIntact, JsonNode again,
                          long stored, long storedAfterAgain) {
    }

    private static Stored importWith(boolean oneCommandPerCase, byte[] log, byte[] first) throws Exception {
        TestInfra infra = TestInfra.get();
        String database = infra.freshDatabase("imports_paths");
        String[] args = CommandServiceTestSupport.applicationArgs(database, "issue-events-import-paths-" + UUID.randomUUID(),
                "--issueledger.imports.one-command-per-case=" + oneCommandPerCase,
                // the timers stay as the import left them (their instants are long past and would fire at once)
                "--issueledger.deadlines.polling-interval=1h");
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            int port = ((WebServerApplicationContext) service).getWebServer().getPort();
            ImportClient client = new ImportClient(port);
            if (first != null) {
                JsonNode partial = client.importAndWait("export.csv", first, CsvMappingTest.MAPPING, "", Duration.ofMinutes(3));
                assertThat(partial.path("state").asString()).isEqualTo("COMPLETED");
            }
            JsonNode report = client.importAndWait("export.csv", log, CsvMappingTest.MAPPING, "", Duration.ofMinutes(3));
            assertThat(report.path("state").asString()).as(report.toString()).isEqualTo("COMPLETED");
            JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, infra.user(), infra.password()));
            Map<String, List<String>> events = events(jdbc);
            List<String> runningClocks = runningClocks(jdbc);
            boolean intact = true;
            for (String issue : events.keySet()) {
                JsonNode verification = ImportClient.json(CommandServiceTestSupport.get(port,
                        "/api/audit/issues/" + issue + "/verify").body());
                intact &= verification.path("ok").asBoolean();
            }
            long stored = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
            JsonNode again = client.importAndWait("export.csv", log, CsvMappingTest.MAPPING, "", Duration.ofMinutes(3));
            long storedAfterAgain = jdbc.queryForObject("select count(*) from domain_event_entry", Long.class);
            return new Stored(report, events, keys(jdbc), timers(jdbc), runningClocks, intact, again, stored,
                    storedAfterAgain);
        }
    }

    /**
     * Each imported issue's events in order: type, payload, and metadata without the command's (random) id and the
     * hashes that cover it; instead, which of the issue's commands (numbered in order of first use) caused the event,
     * and whether that command id is the one its idempotency key recorded.
     */
    private static Map<String, List<String>> events(JdbcTemplate jdbc) {
        Map<String, String> keyOfCommand = new HashMap<>();
        jdbc.query("select command_id, idempotency_key from command_idempotency",
                row -> { keyOfCommand.put(row.getString(1), row.getString(2)); });
        Map<String, List<String>> events = new TreeMap<>();
        Map<String, Map<String, Integer>> commandNumbers = new HashMap<>();
        jdbc.query("""
                select aggregate_identifier, sequence_number, type, payload_type, payload_revision,
                       convert_from(payload, 'UTF8'), convert_from(meta_data, 'UTF8')
                  from domain_event_entry
                 where aggregate_identifier in (select aggregate_identifier from domain_event_entry
                                                 where payload_type = 'org.issueledger.events.issue.IssueCreated')
                 order by aggregate_identifier, sequence_number""", row -> {
            String issue = row.getString(1);
            JsonNode metadata = ImportClient.json(row.getString(7));
            String command = metadata.path("commandId").asString();
            assertThat(metadata.path("causationId").asString()).isEqualTo(command);
            int number = commandNumbers.computeIfAbsent(issue, i -> new HashMap<>())
                    .computeIfAbsent(command, c -> commandNumbers.get(issue).size());
            Map<String, String> rest = new TreeMap<>();
            metadata.properties().forEach(entry -> {
                if (!COMMAND_IDS.contains(entry.getKey())) {
                    rest.put(entry.getKey(), entry.getValue().asString());
                }
            });
            events.computeIfAbsent(issue, i -> new ArrayList<>()).add(row.getLong(2) + " " + row.getString(3) + " "
                    + row.getString(4) + " " + row.getString(5) + " " + row.getString(6) + " " + rest
                    + " command " + number + " key " + keyOfCommand.get(command));
        });
        return events;
    }

    private static Map<String, String> keys(JdbcTemplate jdbc) {
        Map<String, String> keys = new TreeMap<>();
        jdbc.query("select idempotency_key, request_fingerprint, issue_id from command_idempotency",
                row -> { keys.put(row.getString(1), row.getString(2) + " " + row.getString(3)); });
        return keys;
    }

    /** Each pending SLA timer as its issue and instant (the task instance is a random id). */
    private static List<String> timers(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                select k.scope_key || ' ' || k.deadline_name || ' ' || t.execution_time
                  from deadline_key k join scheduled_tasks t on t.task_instance = k.task_instance
                 order by 1""", String.class);
    }

    /**
     * Issues with an SLA clock running towards a breach not recorded yet (a clock breaches once): the clock's last
     * start, resumption, pause or stop is a start or a resumption, and it has no breach.
     */
    private static List<String> runningClocks(JdbcTemplate jdbc) {
        return jdbc.queryForList("""
                with sla as (select aggregate_identifier as issue, sequence_number, payload_type,
                                    cast(convert_from(payload, 'UTF8') as jsonb) ->> 'clock' as clock
                               from domain_event_entry
                              where payload_type in ('org.issueledger.events.issue.SlaClockStarted',
                                                     'org.issueledger.events.issue.SlaClockResumed',
                                                     'org.issueledger.events.issue.SlaClockPaused',
                                                     'org.issueledger.events.issue.SlaClockStopped',
                                                     'org.issueledger.events.issue.SlaBreached'))
                select distinct issue
                  from (select distinct on (issue, clock) issue, clock, payload_type
                          from sla
                         where payload_type <> 'org.issueledger.events.issue.SlaBreached'
                         order by issue, clock, sequence_number desc) last
                 where payload_type in ('org.issueledger.events.issue.SlaClockStarted',
                                        'org.issueledger.events.issue.SlaClockResumed')
                   and not exists (select 1 from sla breach
                                    where breach.issue = last.issue and breach.clock = last.clock
                                      and breach.payload_type = 'org.issueledger.events.issue.SlaBreached')
                 order by 1""", String.class);
    }

    private static List<Map.Entry<String, String>> rejections(JsonNode report) {
        List<Map.Entry<String, String>> rejections = new ArrayList<>();
        report.path("rejections").forEach(r -> rejections.add(Map.entry(r.path("caseId").asString() + "#"
                + r.path("index").asLong(), r.path("reason").asString())));
        rejections.sort(Map.Entry.comparingByKey());
        return rejections;
    }

    /**
     * {@code tickets} help-desk tickets in the mapping of {@link CsvMappingTest}; rows of different tickets interleave
     * (a few tickets open at a time), one row in 60 goes back in time, one in 150 has a malformed timestamp.
     */
    static byte[] randomLog(Random random, int tickets) {
        return log(random, tickets, false);
    }

    /** As {@link #randomLog}, but every row is legal: the lifecycle in order, time only forwards, nothing malformed. */
    static byte[] legalLog(Random random, int tickets) {
        return log(random, tickets, true);
    }

    private static byte[] log(Random random, int tickets, boolean legal) {
        String[] statuses = {"assigned", "working", "waiting", "working", "solved", "closed", "spam", "note", "working"};
        String[] people = {"ana", "bo", "cy", "dee"};
        String[] groups = {"desk", "desk", "network", "desk-L2"};
        String[] categories = {"printer", "mail", "vpn"};
        List<List<String>> rows = new ArrayList<>();
        LocalDateTime start = LocalDateTime.of(2024, 1, 8, 9, 0);
        for (int t = 0; t < tickets; t++) {
            List<String> ticket = new ArrayList<>();
            LocalDateTime at = start.plusMinutes(37L * t);
            String group = groups[random.nextInt(2)];
            String prio = random.nextInt(4) == 0 ? "urgent" : "normal";
            String category = categories[random.nextInt(categories.length)];
            List<String> path = legal ? legalPath(random) : null;
            int length = legal ? path.size() : 1 + random.nextInt(9);
            for (int r = 0; r < length; r++) {
                String status = r == 0 ? "new" : legal ? path.get(r) : statuses[random.nextInt(statuses.length)];
                if (r > 0) {
                    at = !legal && random.nextInt(60) == 0 ? at.minusMinutes(30)
                            : at.plusMinutes(5 + random.nextInt(3 * 24 * 60));
                }
                if (random.nextInt(5) == 0) {
                    group = groups[random.nextInt(groups.length)];
                }
                if (random.nextInt(8) == 0) {
                    prio = prio.equals("urgent") ? "normal" : "urgent";
                }
                String owner = r == 0 ? "" : people[random.nextInt(people.length)];
                String time = !legal && random.nextInt(150) == 0 ? at.toString() : TIME.format(at);
                ticket.add(String.join(";", "R-" + t, time, status, owner, group, prio, category,
                        people[random.nextInt(people.length)], r == 0 ? "Ticket " + t : ""));
            }
            rows.add(ticket);
        }
        StringBuilder csv = new StringBuilder("ticket;changed;status;assignee;group;prio;category;changed_by;subject\n");
        List<List<String>> open = new ArrayList<>();
        int next = 0;
        while (next < rows.size() || !open.isEmpty()) {
            while (open.size() < 4 && next < rows.size()) {
                open.add(new ArrayList<>(rows.get(next++)));
            }
            List<String> ticket = open.get(random.nextInt(open.size()));
            for (int n = 1 + random.nextInt(3); n > 0 && !ticket.isEmpty(); n--) {
                csv.append(ticket.remove(0)).append('\n');
            }
            if (ticket.isEmpty()) {
                open.remove(ticket);
            }
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** new, assigned, working, holds, solved, closed, sometimes reopened by more work; some stop on the way. */
    private static List<String> legalPath(Random random) {
        List<String> path = new ArrayList<>(List.of("new", "assigned", "working"));
        for (int holds = random.nextInt(3); holds > 0; holds--) {
            path.addAll(List.of("waiting", "working"));
        }
        path.addAll(List.of("note", "solved", "closed"));
        if (random.nextInt(5) == 0) {
            path.addAll(List.of("working", "solved", "closed"));
        }
        return path.subList(0, random.nextInt(8) == 0 ? 1 + random.nextInt(path.size()) : path.size());
    }
}
