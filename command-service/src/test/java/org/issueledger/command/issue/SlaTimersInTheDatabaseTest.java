package org.issueledger.command.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.axonframework.deadline.DeadlineManager;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
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
 * An issue's SLA timers as db-scheduler keeps them in PostgreSQL: one per issue, at the earliest threshold still to
 * record, through every command; and the timers an older build set (one per pending threshold of every running
 * clock) still fire after an upgrade, each crossing recorded once, and leave the issue with one timer.
 */
class SlaTimersInTheDatabaseTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void anIssueHasOneTimerAtItsEarliestPendingThresholdThroughItsLifecycle() throws Exception {
        TestInfra infra = TestInfra.get();
        String database = infra.freshDatabase("commands_sla_one_timer");
        // Only the SLA timers: no unassigned-issue check, which the rules' processor would schedule.
        String[] args = CommandServiceTestSupport.applicationArgs(database, "issue-events-sla-one-timer-" + UUID.randomUUID(),
                "--issueledger.assignment.unassigned-escalate-after=0");
        JdbcTemplate jdbc = jdbc(infra, database);
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            int port = port(service);
            UUID issue = create(port);
            UUID other = create(port);
            // P1 (1 h / 4 h): the first-response clock's warning comes first
            Instant frWarning = timerAt(jdbc, issue, "SlaClockStarted", "FIRST_RESPONSE", "warningAt");
            Instant resWarning = timerAt(jdbc, issue, "SlaClockStarted", "RESOLUTION", "warningAt");
            assertThat(timers(jdbc, issue)).containsExactly(frWarning);

            command(port, issue, "assign", "{\"owner\":\"ana\"}");
            command(port, issue, "start", "{}");
            command(port, issue, "hold", "{\"reason\":\"waiting for the customer\"}");
            // the resolution clock is paused; the first-response clock still comes first
            assertThat(timers(jdbc, issue)).containsExactly(frWarning);
            command(port, issue, "resume", "{}");
            assertThat(timers(jdbc, issue)).containsExactly(frWarning);

            command(port, issue, "acknowledge", "{}");
            Instant resumedWarning = timerAt(jdbc, issue, "SlaClockResumed", "RESOLUTION", "warningAt");
            assertThat(resumedWarning).isAfterOrEqualTo(resWarning);
            assertThat(timers(jdbc, issue)).containsExactly(resumedWarning);
            command(port, issue, "hold", "{\"reason\":\"waiting for the vendor\"}");
            assertThat(timers(jdbc, issue)).isEmpty();
            command(port, issue, "resume", "{}");
            assertThat(timers(jdbc, issue)).containsExactly(
                    timerAt(jdbc, issue, "SlaClockResumed", "RESOLUTION", "warningAt"));
            command(port, issue, "resolve", "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Restarted the gateway\"}");
            assertThat(timers(jdbc, issue)).isEmpty();
            command(port, issue, "reopen", "{\"reason\":\"down again\"}");
            assertThat(timers(jdbc, issue)).containsExactly(
                    timerAt(jdbc, issue, "SlaClockResumed", "RESOLUTION", "warningAt"));

            // The other issue's timer was never touched; every timer has its key, and no key outlived its timer.
            assertThat(timers(jdbc, other)).containsExactly(timerAt(jdbc, other, "SlaClockStarted", "FIRST_RESPONSE",
                    "warningAt"));
            assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Long.class)).isEqualTo(2);
            assertThat(jdbc.queryForObject("select count(*) from deadline_key", Long.class)).isEqualTo(2);
        }
    }

    @Test
    void timersAnOlderBuildSetPerThresholdFireAfterTheUpgradeAndRecordEachCrossingOnce() throws Exception {
        TestInfra infra = TestInfra.get();
        String database = infra.freshDatabase("commands_sla_old_timers");
        Duration target = Duration.ofSeconds(6);
        String[] args = CommandServiceTestSupport.applicationArgs(database, "issue-events-sla-old-timers-" + UUID.randomUUID(),
                "--issueledger.sla.targets.P1.first-response=" + target.toSeconds() + "s",
                "--issueledger.sla.targets.P1.resolution=1h",
                "--issueledger.assignment.unassigned-escalate-after=0",
                "--issueledger.deadlines.polling-interval=200ms");
        JdbcTemplate jdbc = jdbc(infra, database);
        UUID issue;
        long creating;
        try (ConfigurableApplicationContext older = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            creating = System.nanoTime();
            issue = create(port(older));
            // What the older build left: its own timers instead of this one's, one per pending threshold of each
            // clock (warning, breach, 200 % ladder step), each with its key, as its DeadlineManager wrote them.
            jdbc.update("""
                    with gone as (delete from deadline_key returning task_instance)
                    delete from scheduled_tasks where task_instance in (select task_instance from gone)""");
            DeadlineManager deadlines = older.getBean(DeadlineManager.class);
            for (String clock : List.of("FIRST_RESPONSE", "RESOLUTION")) {
                Instant started = instant(jdbc, issue, "SlaClockStarted", clock, "occurredAt");
                Duration clockTarget = clock.equals("RESOLUTION") ? Duration.ofHours(1) : target;
                for (Instant at : List.of(instant(jdbc, issue, "SlaClockStarted", clock, "warningAt"),
                        instant(jdbc, issue, "SlaClockStarted", clock, "dueAt"), started.plus(clockTarget.multipliedBy(2)))) {
                    deadlines.schedule(at, SlaDeadline.NAME, new SlaDeadline(at),
                            new AggregateScopeDescriptor("Issue", issue.toString()));
                }
            }
            assertThat(timers(jdbc, issue)).hasSize(6);
        }

        // The first-response clock's three thresholds pass while the upgrade is under way.
        Thread.sleep(Math.max(0, Duration.ofNanos(creating + target.multipliedBy(2).toNanos() - System.nanoTime())
                .toMillis() + 1_000));
        Instant resWarning = timerAt(jdbc, issue, "SlaClockStarted", "RESOLUTION", "warningAt");
        try (ConfigurableApplicationContext upgraded = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < until && !(types(jdbc, issue).contains("SlaBreached")
                    && timers(jdbc, issue).equals(List.of(resWarning))
                    && jdbc.queryForObject("select count(*) from scheduled_tasks", Long.class) == 1)) {
                Thread.sleep(200);
            }
        }
        Instant started = instant(jdbc, issue, "SlaClockStarted", "FIRST_RESPONSE", "occurredAt");
        assertThat(types(jdbc, issue)).containsExactly("IssueCreated", "SlaPolicyAttached", "SlaClockStarted",
                "SlaClockStarted", "SlaWarningReached", "IssueEscalated", "SlaBreached", "IssueEscalated",
                "IssueEscalated");
        // each at the instant its threshold was crossed
        assertThat(occurredAt(jdbc, issue)).endsWith(
                instant(jdbc, issue, "SlaClockStarted", "FIRST_RESPONSE", "warningAt"),
                instant(jdbc, issue, "SlaClockStarted", "FIRST_RESPONSE", "warningAt"),
                instant(jdbc, issue, "SlaClockStarted", "FIRST_RESPONSE", "dueAt"),
                instant(jdbc, issue, "SlaClockStarted", "FIRST_RESPONSE", "dueAt"),
                started.plus(target.multipliedBy(2)));
        // One timer left, at the resolution clock's warning (level 3 is reached: its 200 % step is not pending),
        // and nothing else: the older build's resolution timers were replaced.
        assertThat(timers(jdbc, issue)).containsExactly(resWarning);
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Long.class)).isEqualTo(1);
    }

    private static JdbcTemplate jdbc(TestInfra infra, String database) {
        return new JdbcTemplate(new DriverManagerDataSource(database, infra.user(), infra.password()));
    }

    /** The instants of the issue's pending SLA timers that have a key (as it cancels them), in order. */
    private static List<Instant> timers(JdbcTemplate jdbc, UUID issue) {
        return jdbc.queryForList("""
                select t.execution_time from deadline_key k join scheduled_tasks t on t.task_instance = k.task_instance
                 where k.scope_key = ? order by 1""", java.sql.Timestamp.class, "Issue/" + issue).stream()
                .map(java.sql.Timestamp::toInstant).toList();
    }

    /**
     * An event's instant as PostgreSQL keeps a timer's: in microseconds, rounded (the server's clock may give
     * nanoseconds).
     */
    private static Instant timerAt(JdbcTemplate jdbc, UUID issue, String type, String clock, String field) {
        return instant(jdbc, issue, type, clock, field).plusNanos(500).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static Instant instant(JdbcTemplate jdbc, UUID issue, String type, String clock, String field) {
        List<String> payloads = jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry"
                        + " where aggregate_identifier = ? and payload_type = ? order by sequence_number desc",
                String.class, issue.toString(), "org.issueledger.events.issue." + type);
        for (String payload : payloads) {
            JsonNode node = JSON.readTree(payload);
            if (node.path("clock").asString().equals(clock)) {
                return Instant.parse(node.path(field).asString());
            }
        }
        throw new AssertionError("no " + type + " of " + clock + " for " + issue);
    }

    private static List<String> types(JdbcTemplate jdbc, UUID issue) {
        return jdbc.queryForList("select substring(payload_type from '[^.]+$') from domain_event_entry"
                + " where aggregate_identifier = ? order by sequence_number", String.class, issue.toString());
    }

    private static List<Instant> occurredAt(JdbcTemplate jdbc, UUID issue) {
        return jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry"
                        + " where aggregate_identifier = ? order by sequence_number", String.class, issue.toString())
                .stream().map(payload -> Instant.parse(JSON.readTree(payload).path("occurredAt").asString())).toList();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static UUID create(int port) throws Exception {
        var created = CommandServiceTestSupport.post(port, "/api/issues",
                "{\"title\":\"Payments down\",\"category\":\"payments\",\"priority\":\"P1\",\"reporter\":\"rita\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return UUID.fromString(JSON.readTree(created.body()).path("issueId").asString());
    }

    private static void command(int port, UUID issue, String verb, String body) throws Exception {
        var answer = CommandServiceTestSupport.post(port, "/api/issues/" + issue + "/" + verb, body);
        assertThat(answer.statusCode()).as(verb + ": " + answer.body()).isEqualTo(200);
    }
}
