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

    /**
     * How much more a row fetched from the text index costs than a row walked in the list's order: the walk reads
     * rows in index order, mostly neighbours on the same heap pages (issues are written in creation order), a fetch
     * of every match reads rows scattered over the table and sorts them. Measured at 200,000 issues: walking 2,249
     * rows to find 50 matches of "crash" 1.1 ms, fetching and sorting its 4,907 matches 30 ms.
     */
    private static final int FETCH_COST_IN_ROWS_WALKED = 12;

    /**
     * One page. A text search is read in one of two ways, chosen from how many issues match ({@link #count}), not
     * from the planner's estimate, which for several words can be off by 25x (see {@link IssueListQuery#where(boolean)}):
     * walking the list's order and keeping the matching rows reads about {@code (offset + size) * issues / matches}
     * rows, fetching every match and sorting them reads {@code matches}; the cheaper one is taken. A frequent word is
     * walked (a page after a few thousand rows), a rare one fetched (a walk could read the whole table for it).
     *
     * <p>Limit and offset are literals (checked numbers), for the reason given at {@link #count}: a generic plan
     * does not know how few rows a page needs.
     */
    List<IssueSummary> page(IssueListQuery query, Matches matches) {
        long offset = (long) query.page() * query.size();
        if (query.text() != null && matches.counted() > query.countedUpTo()) {
            // More matches than counted: how many more decides the cheaper way, and is not known. In creation order
            // (an index) walked, but only as far as fetching the counted matches would cost; a page not filled by
            // then is fetched. In any other order a walk reads the whole table: fetched.
            if (query.inCreationOrder()) {
                List<IssueSummary> walked = walkedAtMost(query, FETCH_COST_IN_ROWS_WALKED * matches.counted());
                if (walked.size() == query.size()) {
                    return walked;
                }
            }
            return fetched(query);
        }
        boolean walk = query.text() == null || matches.issues() < 0
                || (offset + query.size()) * (double) matches.issues()
                        < FETCH_COST_IN_ROWS_WALKED * (double) matches.counted() * matches.counted();
        String sql = walk
                ? """
                %s
                  FROM issue_view
                %s
                %s
                 LIMIT %d OFFSET %d
                """.formatted(COLUMNS, query.where(query.text() != null), query.orderBy(), query.size(), offset)
                : fetchEveryMatch(query);
        return read(sql, query);
    }

    private static final String COLUMNS = """
            SELECT issue_id, title, status, priority, category, component, team, owner, escalation_level,
                   reopen_count, created_at, resolved_at, closed_at, last_occurred_at""";

    /** The page from every match of a text search, fetched from the text index and sorted. */
    private List<IssueSummary> fetched(IssueListQuery query) {
        return read(fetchEveryMatch(query), query);
    }

    private static String fetchEveryMatch(IssueListQuery query) {
        // OFFSET 0 keeps PostgreSQL from taking the ORDER BY and LIMIT into the subquery: every match first
        return """
                SELECT *
                  FROM (%s
                          FROM issue_view
                        %s
                        OFFSET 0) matching
                %s
                 LIMIT %d OFFSET %d
                """.formatted(COLUMNS, query.where(), query.orderBy(), query.size(),
                (long) query.page() * query.size());
    }

    /**
     * The page of a search from the first {@code rows} rows of the table in the list's order, or fewer items than
     * the page holds when those rows do not reach it (then the page is to be fetched). The matches among the first
     * rows in the list's order (a total order: ties broken by issue id) are the first matches in that order, so a
     * page filled from them is the page. Every filter is applied to those rows, none inside: a filter inside would
     * bound the rows that pass it, not the rows read (for a team with 3 % of the issues, 33 times as many).
     */
    List<IssueSummary> walkedAtMost(IssueListQuery query, long rows) {
        String sql = """
                SELECT *
                  FROM (%s, search
                          FROM issue_view
                        %s
                         LIMIT %d) walked
                %s
                %s
                 LIMIT %d OFFSET %d
                """.formatted(COLUMNS, query.orderBy(), rows, query.where(true), query.orderBy(),
                query.size(), (long) query.page() * query.size());
        return read(sql, query);
    }

    private List<IssueSummary> read(String sql, IssueListQuery query) {
        return jdbc.sql(sql)
                .params(query.parameters())
                .query((rs, row) -> summary(rs))
                .list();
    }

    /**
     * Matching issues, counted up to one more than {@link IssueListQuery#countedUpTo()} (10,000, or 1,000 for a text
     * search), and the issues of the table as PostgreSQL last estimated them (-1: not yet). The limit is a literal,
     * not a parameter: with a parameter, the driver's prepared statement soon gets PostgreSQL's generic plan, which
     * does not know the limit and picks a full table scan.
     */
    Matches count(IssueListQuery query) {
        return jdbc.sql("""
                        SELECT (SELECT count(*) FROM (SELECT 1 FROM issue_view %s LIMIT %d) matching) AS counted,
                               (SELECT CAST(reltuples AS bigint) FROM pg_class WHERE oid = CAST('issue_view' AS regclass)) AS issues
                        """.formatted(query.where(), query.countedUpTo() + 1))
                .params(query.parameters())
                .query((rs, row) -> new Matches(rs.getLong("counted"), rs.getLong("issues")))
                .single();
    }

    /** @param issues the table's rows, estimated (pg_class.reltuples); -1 when never estimated */
    record Matches(long counted, long issues) {
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
