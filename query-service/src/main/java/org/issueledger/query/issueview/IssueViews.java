package org.issueledger.query.issueview;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the issue view. */
@Component
class IssueViews {

    private final JdbcClient jdbc;

    IssueViews(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<IssueView> find(UUID issueId) {
        return jdbc.sql("SELECT * FROM issue_view WHERE issue_id = :issueId")
                .param("issueId", issueId)
                .query((rs, row) -> map(rs))
                .optional();
    }

    private static IssueView map(ResultSet rs) throws SQLException {
        return new IssueView(
                rs.getObject("issue_id", UUID.class),
                rs.getString("title"),
                rs.getString("description"),
                rs.getString("category"),
                rs.getString("component"),
                enumOf(Priority.class, rs.getString("priority")),
                rs.getString("team"),
                rs.getString("reporter"),
                IssueStatus.valueOf(rs.getString("status")),
                rs.getString("owner"),
                strings(rs.getArray("co_handlers")),
                rs.getInt("escalation_level"),
                rs.getInt("reassignments"),
                rs.getInt("reopen_count"),
                instant(rs, "created_at"),
                instant(rs, "first_response_at"),
                instant(rs, "resolved_at"),
                rs.getString("resolution_code"),
                instant(rs, "closed_at"),
                rs.getString("close_code"),
                rs.getObject("satisfaction", Integer.class),
                instant(rs, "cancelled_at"),
                enumOf(CancelReason.class, rs.getString("cancel_reason")),
                rs.getObject("duplicate_of", UUID.class),
                rs.getLong("last_sequence"),
                instant(rs, "last_occurred_at"),
                rs.getLong("last_global_position"),
                instant(rs, "updated_at"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }
}
