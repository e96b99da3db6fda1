package org.issueledger.query.sla;


import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.issueledger.events.sla.ClockKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Compliance as the clocks were measured: aggregated by PostgreSQL over {@code sla_clock}. */
@Component
class Compliance {

    /** Group keys in order: by each value, nulls (no team, no category) last. */
    static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        Comparator<String> values = Comparator.nullsLast(Comparator.naturalOrder());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int compared = values.compare(a.get(i), b.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final JdbcClient jdbc;

    Compliance(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per group (the values of {@code groupBy} in order; the empty key when not grouped), both clocks' figures. */
    Map<List<String>, Figures> measured(Window window, List<GroupBy> groupBy, String team) {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < groupBy.size(); i++) {
            select.append(groupBy.get(i).sql).append(" AS g").append(i).append(", ");
        }
        String groupPositions = IntStream.rangeClosed(1, groupBy.size() + 1)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        String sql = """
                SELECT %sc.clock,
                       count(*) FILTER (WHERE c.state = 'MET') AS met,
                       count(*) FILTER (WHERE c.state = 'BREACHED') AS breached,
                       count(*) FILTER (WHERE c.state IN ('RUNNING', 'PAUSED')) AS running,
                       count(*) FILTER (WHERE c.stopped_at IS NOT NULL) AS stopped,
                       avg(c.elapsed_ms) FILTER (WHERE c.stopped_at IS NOT NULL) AS mean,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY c.elapsed_ms)
                           FILTER (WHERE c.stopped_at IS NOT NULL) AS median,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.elapsed_ms)
                           FILTER (WHERE c.stopped_at IS NOT NULL) AS p90
                  FROM sla_clock c
                  JOIN sla_issue i ON i.issue_id = c.issue_id
                 WHERE true%s%s
                 GROUP BY %s
                """.formatted(select, window.sqlCondition(), team != null ? " AND i.team = :team" : "",
                groupPositions);

        Map<List<String>, Figures> figures = new TreeMap<>(KEY_ORDER);
        jdbc.sql(sql).params(window.params(team)).query((ResultSet rs) -> {
            List<String> key = new ArrayList<>(groupBy.size());
            for (int i = 0; i < groupBy.size(); i++) {
                key.add(rs.getString("g" + i));
            }
            ClockFigures clock = ClockFigures.of(rs.getLong("met"), rs.getLong("breached"), rs.getLong("running"),
                    rs.getLong("stopped"), number(rs, "mean"), number(rs, "median"), number(rs, "p90"));
            Figures before = figures.getOrDefault(key, Figures.NONE);
            figures.put(key, ClockKind.valueOf(rs.getString("clock")) == ClockKind.FIRST_RESPONSE
                    ? new Figures(clock, before.resolution())
                    : new Figures(before.firstResponse(), clock));
        });
        return figures;
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value instanceof Number number ? number.doubleValue() : null;
    }
}
