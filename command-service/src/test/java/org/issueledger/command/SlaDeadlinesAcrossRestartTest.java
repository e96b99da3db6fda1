package org.issueledger.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * SLA timers live in PostgreSQL (db-scheduler), not in memory: a breach that falls due while the
 * command-service is down is recorded, and escalated, as soon as it runs again.
 */
class SlaDeadlinesAcrossRestartTest {

    private static final Duration TARGET = Duration.ofSeconds(10);

    @Test
    void deadlineThatFellDueWhileStoppedFiresAfterRestart() throws Exception {
        TestInfra infra = TestInfra.get();
        String database = infra.freshDatabase("commands_sla_restart");
        String[] args = CommandServiceTestSupport.applicationArgs(database, "issue-events-sla-restart-" + UUID.randomUUID(),
                "--issueledger.sla.targets.P1.first-response=" + TARGET.toSeconds() + "s",
                "--issueledger.sla.targets.P1.resolution=1h",
                "--issueledger.deadlines.polling-interval=200ms");

        UUID issueId;
        long creating = System.nanoTime();
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            var created = CommandServiceTestSupport.post(port, "/api/issues",
                    "{\"title\":\"Payments down\",\"category\":\"payments\",\"priority\":\"P1\",\"reporter\":\"rita\"}");
            assertThat(created.statusCode()).isEqualTo(201);
            issueId = UUID.fromString(JsonMapper.builder().build().readTree(created.body()).path("issueId").asString());
        }
        JdbcTemplate jdbc = new JdbcTemplate(new org.springframework.jdbc.datasource.DriverManagerDataSource(
                database, infra.user(), infra.password()));
        assertThat(types(jdbc, issueId)).doesNotContain("SlaBreached");
        assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Long.class)).isPositive();

        // The first-response target passes while nothing runs. It is long enough for the first instance to have
        // stopped before it falls due even on a loaded machine (stopping can take seconds there).
        Thread.sleep(Math.max(0, Duration.ofNanos(creating + TARGET.toNanos() - System.nanoTime()).toMillis() + 1_000));

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(CommandServiceApplication.class).run(args)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!types(jdbc, issueId).contains("SlaBreached") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        }
        assertThat(types(jdbc, issueId)).containsSubsequence("IssueCreated", "SlaWarningReached", "IssueEscalated",
                "SlaBreached", "IssueEscalated");
        assertThat(jdbc.queryForList("select convert_from(payload, 'UTF8') from domain_event_entry"
                        + " where aggregate_identifier = ? and payload_type like '%IssueEscalated'", String.class,
                issueId.toString())).anySatisfy(payload -> assertThat(payload).contains("system:sla"));
    }

    private static List<String> types(JdbcTemplate jdbc, UUID issueId) {
        return jdbc.queryForList("select substring(payload_type from '[^.]+$') from domain_event_entry"
                + " where aggregate_identifier = ? order by sequence_number", String.class, issueId.toString());
    }
}
