package org.issueledger.query.sla;

import static org.issueledger.query.sla.PolicySnapshots.instant;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Compliance recomputed under another policy: every issue whose clocks started in the window has its lifecycle
 * facts ({@code sla_fact}) folded again by {@link ClockFold} with that policy's targets and calendar. Reads only;
 * nothing stored changes. The population is the one {@link Compliance} measures, so the two answers line up.
 */
@Component
class WhatIf {

    private final JdbcClient jdbc;

    WhatIf(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Map<List<String>, Figures> recomputed(Window window, List<GroupBy> groupBy, String team, SlaPolicy policy,
                                          Instant asOf) {
        String sql = """
                SELECT f.issue_id, f.occurred_at, f.fact, f.priority, i.team, i.category
                  FROM sla_fact f
                  JOIN sla_issue i ON i.issue_id = f.issue_id
                 WHERE EXISTS (SELECT 1 FROM sla_clock c WHERE c.issue_id = f.issue_id%s)%s
                 ORDER BY f.issue_id, f.sequence
                """.formatted(window.sqlCondition(), team != null ? " AND i.team = :team" : "");

        Map<List<String>, Map<ClockKind, ClockFigures.Tally>> tallies = new TreeMap<>(Compliance.KEY_ORDER);
        IssueFacts current = new IssueFacts();
        jdbc.sql(sql).params(window.params(team)).query((ResultSet rs) -> {
            UUID issueId = rs.getObject("issue_id", UUID.class);
            if (!issueId.equals(current.issueId)) {
                current.count(groupBy, policy, asOf, tallies);
                current.reset(issueId, rs.getString("team"), rs.getString("category"));
            }
            current.facts.add(fact(rs));
        });
        current.count(groupBy, policy, asOf, tallies);

        Map<List<String>, Figures> figures = new TreeMap<>(Compliance.KEY_ORDER);
        tallies.forEach((key, byClock) -> figures.put(key, new Figures(
                byClock.get(ClockKind.FIRST_RESPONSE).figures(), byClock.get(ClockKind.RESOLUTION).figures())));
        return figures;
    }

    private static ClockFold.Fact fact(ResultSet rs) throws SQLException {
        String priority = rs.getString("priority");
        return new ClockFold.Fact(instant(rs.getObject("occurred_at", OffsetDateTime.class)),
                LifecycleFact.valueOf(rs.getString("fact")), priority == null ? null : Priority.valueOf(priority));
    }

    /** The facts of the issue being read; counted into the tallies when the next issue begins. */
    private static final class IssueFacts {
        UUID issueId;
        String team;
        String category;
        final List<ClockFold.Fact> facts = new ArrayList<>();

        void reset(UUID issueId, String team, String category) {
            this.issueId = issueId;
            this.team = team;
            this.category = category;
            facts.clear();
        }

        void count(List<GroupBy> groupBy, SlaPolicy policy, Instant asOf,
                   Map<List<String>, Map<ClockKind, ClockFigures.Tally>> tallies) {
            if (issueId == null) {
                return;
            }
            ClockFold.fold(facts, policy, asOf).forEach((kind, result) -> {
                List<String> key = new ArrayList<>(groupBy.size());
                for (GroupBy dimension : groupBy) {
                    key.add(dimension.keyOf(team, category, result.priority() == null ? null
                            : result.priority().name(), result.startedAt()));
                }
                tallies.computeIfAbsent(key, k -> {
                            Map<ClockKind, ClockFigures.Tally> byClock = new EnumMap<>(ClockKind.class);
                            for (ClockKind clock : ClockKind.values()) {
                                byClock.put(clock, new ClockFigures.Tally());
                            }
                            return byClock;
                        })
                        .get(kind)
                        .add(result.state(), result.stopped(), result.elapsed().toMillis());
            });
        }
    }
}
