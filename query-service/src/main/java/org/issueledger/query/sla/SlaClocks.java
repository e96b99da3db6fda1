package org.issueledger.query.sla;

import static org.issueledger.query.sla.PolicySnapshots.instant;
import static org.issueledger.query.sla.PolicySnapshots.utc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads {@code sla_clock} rows, and reads running clocks at an instant in their snapshot's calendar. */
@Component
class SlaClocks {

    private static final String COLUMNS = """
            c.issue_id, c.clock, c.state, c.policy_id, c.policy_version, c.priority, c.target_ms, c.started_at,
            c.warning_at, c.due_at, c.elapsed_ms, c.running_since, c.paused_since, c.pause_reason, c.pauses,
            c.paused_ms, c.paused_wall_ms, c.warned_at, c.breached_at, c.stopped_at, i.team, i.category
            """;

    private final JdbcClient jdbc;
    private final PolicySnapshots policies;

    SlaClocks(JdbcClient jdbc, PolicySnapshots policies) {
        this.jdbc = jdbc;
        this.policies = policies;
    }

    /** The issue's grouping dimensions and snapshot, if its creation was seen. */
    record Issue(UUID issueId, String team, String category, String priority, Instant createdAt, String policyId,
                 Integer policyVersion) {
    }

    /** One stored clock, as of its last event. */
    record Row(UUID issueId, ClockKind clock, ClockState state, String policyId, int policyVersion, String priority,
               Duration target, Instant startedAt, Instant warningAt, Instant dueAt, Duration elapsed,
               Instant runningSince, Instant pausedSince, String pauseReason, int pauses, Duration paused,
               Duration pausedWall, Instant warnedAt, Instant breachedAt, Instant stoppedAt, String team,
               String category) {
    }

    Optional<Issue> issue(UUID issueId) {
        return jdbc.sql("SELECT * FROM sla_issue WHERE issue_id = :issueId")
                .param("issueId", issueId)
                .query((rs, row) -> new Issue(rs.getObject("issue_id", UUID.class), rs.getString("team"),
                        rs.getString("category"), rs.getString("priority"), time(rs, "created_at"),
                        rs.getString("policy_id"), rs.getObject("policy_version", Integer.class)))
                .optional();
    }

    List<Row> clocksOf(UUID issueId) {
        return jdbc.sql("SELECT " + COLUMNS + """
                          FROM sla_clock c JOIN sla_issue i ON i.issue_id = c.issue_id
                         WHERE c.issue_id = :issueId
                         ORDER BY c.clock
                        """)
                .param("issueId", issueId)
                .query((rs, row) -> row(rs))
                .list();
    }

    /**
     * Running clocks (not paused, not stopped) whose warning instant is not after {@code now}, soonest due first;
     * clocks already breached but still running (overdue) are included, they lead the list.
     */
    List<Row> atRisk(Instant now, String team, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("now", utc(now));
        params.put("limit", limit);
        if (team != null) {
            params.put("team", team);
        }
        return jdbc.sql("SELECT " + COLUMNS + """
                          FROM sla_clock c JOIN sla_issue i ON i.issue_id = c.issue_id
                         WHERE c.stopped_at IS NULL AND c.paused_since IS NULL
                           AND c.warning_at <= :now %s
                         ORDER BY c.due_at, c.issue_id, c.clock
                         LIMIT :limit
                        """.formatted(team != null ? "AND i.team = :team" : ""))
                .params(params)
                .query((rs, row) -> row(rs))
                .list();
    }

    /** Business time on the clock at {@code asOf}: what it had, plus its run since then in the snapshot's calendar. */
    Duration elapsedAt(Row row, Instant asOf) {
        if (row.runningSince() == null || !asOf.isAfter(row.runningSince())) {
            return row.elapsed();
        }
        return truncated(row.elapsed().plus(calendar(row).businessTimeBetween(row.runningSince(), asOf)));
    }

    /** Business time kept off the clock by holds, the ongoing one up to {@code asOf} included. */
    Duration pausedAt(Row row, Instant asOf) {
        if (row.pausedSince() == null || !asOf.isAfter(row.pausedSince())) {
            return row.paused();
        }
        return truncated(row.paused().plus(calendar(row).businessTimeBetween(row.pausedSince(), asOf)));
    }

    Duration pausedWallAt(Row row, Instant asOf) {
        if (row.pausedSince() == null || !asOf.isAfter(row.pausedSince())) {
            return row.pausedWall();
        }
        return truncated(row.pausedWall().plus(Duration.between(row.pausedSince(), asOf)));
    }

    private BusinessCalendar calendar(Row row) {
        return policies.calendarOf(row.policyId(), row.policyVersion());
    }

    /** The read model keeps milliseconds; so do its answers. */
    private static Duration truncated(Duration duration) {
        return Duration.ofMillis(duration.toMillis());
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getObject("issue_id", UUID.class), ClockKind.valueOf(rs.getString("clock")),
                ClockState.valueOf(rs.getString("state")), rs.getString("policy_id"), rs.getInt("policy_version"),
                rs.getString("priority"), Duration.ofMillis(rs.getLong("target_ms")), time(rs, "started_at"),
                time(rs, "warning_at"), time(rs, "due_at"), Duration.ofMillis(rs.getLong("elapsed_ms")),
                time(rs, "running_since"), time(rs, "paused_since"), rs.getString("pause_reason"), rs.getInt("pauses"),
                Duration.ofMillis(rs.getLong("paused_ms")), Duration.ofMillis(rs.getLong("paused_wall_ms")),
                time(rs, "warned_at"), time(rs, "breached_at"), time(rs, "stopped_at"), rs.getString("team"),
                rs.getString("category"));
    }

    private static Instant time(ResultSet rs, String column) throws SQLException {
        return instant(rs.getObject(column, OffsetDateTime.class));
    }
}
