package org.issueledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the command path keeps beside the event store — the issues it last saved, in memory, and each SLA timer's
 * key — never makes it decide differently from a replay of the store: two instances on one store see each
 * other's changes, and rescheduling an issue's SLA timers replaces exactly that issue's.
 */
class CommandPathAcrossInstancesTest {

    @Test
    void anIssueChangedOnAnotherInstanceIsHandledOnItsNewState() throws Exception {
        TestInfra infra = TestInfra.get();
        String[] args = CommandServiceTestSupport.applicationArgs(infra.freshDatabase("commands_kept_issues"),
                "issue-events-kept-" + UUID.randomUUID());
        try (ConfigurableApplicationContext one = new SpringApplicationBuilder(CommandServiceApplication.class).run(args);
             ConfigurableApplicationContext two = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            int first = port(one);
            int second = port(two);
            UUID issue = create(first, "P2");
            assertThat(command(first, issue, "assign", "{\"owner\":\"ana\"}")).isEqualTo(200);
            assertThat(command(first, issue, "start", "{}")).isEqualTo(200);

            // The first instance last saw the issue in progress; the second puts it on hold.
            assertThat(command(second, issue, "hold", "{\"reason\":\"waiting for the customer\"}")).isEqualTo(200);

            // Resuming is legal only on hold: the first instance must know it is.
            assertThat(command(first, issue, "resume", "{}")).isEqualTo(200);
            // And holding again, on the first, is legal again only because it saw its own resume.
            assertThat(command(first, issue, "hold", "{\"reason\":\"again\"}")).isEqualTo(200);
            assertThat(command(second, issue, "resume", "{}")).isEqualTo(200);
            assertThat(command(first, issue, "resume", "{}")).isEqualTo(409);
        }
    }

    @Test
    void reschedulingReplacesOnlyThatIssuesTimersAndAResolvedIssueKeepsNone() throws Exception {
        TestInfra infra = TestInfra.get();
        String database = infra.freshDatabase("commands_deadline_keys");
        // Only the SLA timers: no unassigned-issue check, which the rules' processor schedules a moment later.
        String[] args = CommandServiceTestSupport.applicationArgs(database, "issue-events-deadline-keys-" + UUID.randomUUID(),
                "--issueledger.assignment.unassigned-escalate-after=0");
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                database, infra.user(), infra.password()));
        try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            int port = port(service);
            UUID working = create(port, "P1");
            UUID waiting = create(port, "P1");
            // One timer per issue: its earliest pending threshold (SlaTimersInTheDatabaseTest).
            long perIssue = 1;
            assertThat(timers(jdbc)).isEqualTo(2 * perIssue);

            assertThat(command(port, working, "assign", "{\"owner\":\"ana\"}")).isEqualTo(200);
            assertThat(command(port, working, "start", "{}")).isEqualTo(200);
            assertThat(command(port, working, "hold", "{\"reason\":\"waiting for the customer\"}")).isEqualTo(200);
            // On hold the resolution clock is paused; the first-response clock's warning still comes first.
            assertThat(timers(jdbc)).isEqualTo(2 * perIssue);
            assertThat(command(port, working, "resume", "{}")).isEqualTo(200);
            assertThat(timers(jdbc)).isEqualTo(2 * perIssue);
            assertThat(command(port, working, "resolve",
                    "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Restarted the gateway\"}")).isEqualTo(200);

            // Both clocks stopped: the resolved issue has no timer left, the other issue all of its own.
            assertThat(timers(jdbc)).isEqualTo(perIssue);
            assertThat(jdbc.queryForObject("select count(*) from deadline_key k join scheduled_tasks t"
                    + " on t.task_instance = k.task_instance where k.scope_key like ?", Long.class, "%" + waiting))
                    .isEqualTo(perIssue);
            assertThat(jdbc.queryForObject("select count(*) from deadline_key where scope_key like ?", Long.class,
                    "%" + working)).isZero();
            assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks t where not exists"
                    + " (select 1 from deadline_key k where k.task_instance = t.task_instance)", Long.class)).isZero();
        }
    }

    private static long timers(JdbcTemplate jdbc) {
        return jdbc.queryForObject("select count(*) from scheduled_tasks where task_name = 'AxonDeadline'", Long.class);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static UUID create(int port, String priority) throws Exception {
        var created = CommandServiceTestSupport.post(port, "/api/issues", "{\"title\":\"Payments down\","
                + "\"category\":\"payments\",\"priority\":\"" + priority + "\",\"reporter\":\"rita\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        return UUID.fromString(JsonMapper.builder().build().readTree(created.body()).path("issueId").asString());
    }

    private static int command(int port, UUID issue, String verb, String body) throws Exception {
        return CommandServiceTestSupport.post(port, "/api/issues/" + issue + "/" + verb, body).statusCode();
    }
}
