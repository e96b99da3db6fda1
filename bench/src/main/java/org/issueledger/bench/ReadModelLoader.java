package org.issueledger.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import org.issueledger.events.sla.SlaPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Fills the query-service's read models with synthetic issues straight in SQL (load-read-models.sql), then vacuums
 * and analyses them as autovacuum would on a database that grew over a year.
 */
final class ReadModelLoader {

    /**
     * Every table the loader fills, pre-summed ones included: a table left out is never vacuumed (no visibility map,
     * so no index-only scan) nor analysed (the planner guesses its size) before the latencies are measured.
     */
    static final String[] TABLES = {"issue_view", "ranking_issue", "ranking_count", "ranking_count_weekly",
            "ranking_count_all_teams", "ranking_total", "kpi_issue", "kpi_daily", "kpi_monthly", "kpi_all_teams",
            "kpi_duration_daily", "kpi_duration_rollup", "sla_issue", "sla_clock", "sla_fact", "sla_compliance_daily", "sla_duration_daily",
            "sla_policy_version"};

    private ReadModelLoader() {
    }

    /** The read-model tables this build of the query-service has (later migrations add some). */
    static java.util.List<String> tables(Connection connection) throws SQLException {
        java.util.List<String> present = new java.util.ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            for (String table : TABLES) {
                exists.setString(1, table);
                try (java.sql.ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        present.add(table);
                    }
                }
            }
        }
        return present;
    }

    /** Seconds per step of the script. */
    static Map<String, Double> load(Context context, int issues, Instant end) throws IOException, SQLException {
        String script;
        try (InputStream in = ReadModelLoader.class.getResourceAsStream("/bench/load-read-models.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        script = script.replace(":n", Integer.toString(issues))
                .replace(":anchor", "'" + OffsetDateTime.ofInstant(end, ZoneOffset.UTC) + "'")
                .replace(":seed", "0.42");
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (Connection connection = context.queryDb()) {
            connection.setAutoCommit(true);
            try (PreparedStatement policy = connection.prepareStatement("""
                    INSERT INTO sla_policy_version (policy_id, version, effective_from, policy, first_seen_at)
                    VALUES ('default', 1, '1970-01-01T00:00:00Z', CAST(? AS jsonb), ?)
                    ON CONFLICT (policy_id, version) DO NOTHING""")) {
                policy.setString(1, JsonMapper.builder().build().writeValueAsString(SlaPolicy.defaults()));
                policy.setObject(2, OffsetDateTime.ofInstant(end.minusSeconds(366 * 86400L), ZoneOffset.UTC));
                policy.executeUpdate();
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("SET work_mem = '256MB'");
                statement.execute("SET maintenance_work_mem = '512MB'");
                String[] parts = script.split("(?m)^-- @@");
                for (int i = 0; i < parts.length; i++) {
                    String part = parts[i];
                    String step = i == 0 ? "" : part.substring(0, part.indexOf('\n')).trim();
                    String sql = i == 0 ? part : part.substring(part.indexOf('\n') + 1);
                    if (sql.replaceAll("(?m)^\\s*--.*$", "").isBlank()) {
                        continue;
                    }
                    long start = System.nanoTime();
                    statement.execute(sql.trim().replaceAll(";\\s*$", ""));
                    seconds.merge(step.isEmpty() ? "setup" : step, (System.nanoTime() - start) / 1e9, Double::sum);
                }
                long start = System.nanoTime();
                for (String table : tables(connection)) {
                    statement.execute("VACUUM (ANALYZE) " + table);
                }
                seconds.put("vacuum-analyze", (System.nanoTime() - start) / 1e9);
            }
        }
        seconds.replaceAll((step, s) -> Latencies.round(s));
        return seconds;
    }
}
