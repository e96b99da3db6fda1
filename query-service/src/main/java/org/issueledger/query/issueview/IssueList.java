package org.issueledger.query.issueview;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads pages of the issue view, filtered and sorted. */
@Component
class IssueList {

    private final JdbcClient jdbc;

    IssueList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<IssueSummary> page(IssueListQuery query) {
        return jdbc.sql("""
                        SELECT issue_id, title, status, priority, category, component, team, owner, escalation_level,
                               reopen_count, created_at, resolved_at, closed_at, last_occurred_at
                          FROM issue_view
                        %s
                        %s
                         LIMIT :limit OFFSET :offset
                        """.formatted(query.where(), query.orderBy()))
                .params(query.parameters())
                .query((rs, row) -> summary(rs))
                .list();
    }

    /**
     * Matching issues, counted up to one more than {@link IssueListQuery#MAX_RESULTS}. The limit is a literal, not a
     * parameter: with a parameter, the driver's prepared statement soon gets PostgreSQL's generic plan, which does
     * not know the limit and picks a full table scan.
     */
    long count(IssueListQuery query) {
        return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM issue_view %s LIMIT %d) matching"
                        .formatted(query.where(), IssueListQuery.MAX_RESULTS + 1))
                .params(query.parameters())
                .query(Long.class)
                .single();
    }

    private static IssueSummary summary(ResultSet rs) throws SQLException {
        String priority = rs.getString("priority");
        return new IssueSummary(
                rs.getObject("issue_id", UUID.class),
                rs.getString("title"),
                IssueStatus.valueOf(rs.getString("status")),
                priority == null ? null : Priority.valueOf(priority),
                rs.getString("category"),
                rs.getString("component"),
                rs.getString("team"),
                rs.getString("owner"),
                rs.getInt("escalation_level"),
                rs.getInt("reopen_count"),
                instant(rs, "created_at"),
                instant(rs, "resolved_at"),
                instant(rs, "closed_at"),
                instant(rs, "last_occurred_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
