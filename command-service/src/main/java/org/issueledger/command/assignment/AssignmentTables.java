package org.issueledger.command.assignment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.Priority;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rule processor's own tables (V40): per issue what rules look at, open issues per owner, round-robin
 * cursors. Every write runs in the processor's transaction, with its token.
 */
@Component
class AssignmentTables {

    private final JdbcTemplate jdbc;

    AssignmentTables(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    record IssueRow(UUID issueId, String title, String description, String category, String component,
                    Priority priority, String sourceSystem, String team, String owner, UUID ownerRuleId, boolean open,
                    Instant createdAt, boolean imported) {

        RuleMatcher.Candidate candidate() {
            return new RuleMatcher.Candidate(title, description, category, component, null, priority, sourceSystem);
        }
    }

    /** @return false when the issue was known already (a redelivered event) */
    boolean created(IssueCreated e, String sourceSystem, boolean imported) {
        return jdbc.update("""
                        insert into assignment_issue (issue_id, title, description, category, component, priority,
                                                      source_system, team, open, created_at, imported)
                        values (?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)
                        on conflict (issue_id) do nothing""",
                e.issueId(), e.title(), e.description(), e.category(), e.component(), e.priority().name(), sourceSystem,
                e.team(), Timestamp.from(e.occurredAt()), imported) == 1;
    }

    Optional<IssueRow> issue(UUID issueId) {
        return jdbc.query("select * from assignment_issue where issue_id = ?", AssignmentTables::row, issueId)
                .stream().findFirst();
    }

    void reclassified(UUID issueId, String category, String component) {
        jdbc.update("update assignment_issue set category = ?, component = ? where issue_id = ?", category, component,
                issueId);
    }

    void priority(UUID issueId, Priority priority) {
        jdbc.update("update assignment_issue set priority = ? where issue_id = ?", priority.name(), issueId);
    }

    void team(UUID issueId, String team) {
        jdbc.update("update assignment_issue set team = ? where issue_id = ?", team, issueId);
    }

    /**
     * The issue's owner is now {@code owner}. Moves one open issue from the old owner's load to the new one's —
     * once: the processor records the owner it chose right away (so the next issue in the same batch sees the
     * load), and the OwnerAssigned event that follows then finds nothing to move.
     */
    void owner(UUID issueId, String owner, UUID ruleId) {
        Optional<IssueRow> found = issue(issueId);
        if (found.isEmpty()) {
            return; // an issue created before the processor's tables existed
        }
        IssueRow row = found.get();
        if (!owner.equals(row.owner()) && row.open()) {
            load(row.owner(), -1);
            load(owner, 1);
        }
        jdbc.update("update assignment_issue set owner = ?, owner_rule_id = ? where issue_id = ?", owner, ruleId,
                issueId);
    }

    /** Open = still to be worked on (not resolved, not cancelled): what an owner's load counts. */
    void open(UUID issueId, boolean open) {
        issue(issueId).filter(row -> row.open() != open).ifPresent(row -> {
            load(row.owner(), open ? 1 : -1);
            jdbc.update("update assignment_issue set open = ? where issue_id = ?", open, issueId);
        });
    }

    private void load(String owner, int delta) {
        if (owner == null) {
            return;
        }
        jdbc.update("""
                insert into assignment_owner_load (owner, open_issues) values (?, greatest(?, 0))
                on conflict (owner) do update set open_issues = greatest(assignment_owner_load.open_issues + ?, 0)""",
                owner, delta, delta);
    }

    Map<String, Integer> openIssues(List<String> owners) {
        Map<String, Integer> load = new HashMap<>();
        if (owners.isEmpty()) {
            return load;
        }
        jdbc.query("select owner, open_issues from assignment_owner_load where owner = any (?)",
                rs -> {
                    load.put(rs.getString("owner"), rs.getInt("open_issues"));
                },
                (Object) owners.toArray(String[]::new));
        return load;
    }

    /** The rule's cursor before this call, advanced by one. */
    long nextCursor(UUID ruleId) {
        Long next = jdbc.queryForObject("""
                insert into assignment_rule_cursor (rule_id, next_index) values (?, 1)
                on conflict (rule_id) do update set next_index = assignment_rule_cursor.next_index + 1
                returning next_index""", Long.class, ruleId);
        return next - 1;
    }

    /** Open issues without an owner, oldest first: what no rule (or only a team rule) matched. */
    List<IssueRow> unassigned(int limit) {
        return jdbc.query("select * from assignment_issue where open and owner is null order by created_at, issue_id limit ?",
                AssignmentTables::row, limit);
    }

    Map<String, Integer> allLoads() {
        Map<String, Integer> load = new java.util.TreeMap<>();
        jdbc.query("select owner, open_issues from assignment_owner_load",
                rs -> {
                    load.put(rs.getString("owner"), rs.getInt("open_issues"));
                });
        return load;
    }

    private static IssueRow row(ResultSet rs, int n) throws SQLException {
        return new IssueRow(rs.getObject("issue_id", UUID.class), rs.getString("title"), rs.getString("description"),
                rs.getString("category"), rs.getString("component"), Priority.valueOf(rs.getString("priority")),
                rs.getString("source_system"), rs.getString("team"), rs.getString("owner"),
                rs.getObject("owner_rule_id", UUID.class), rs.getBoolean("open"),
                rs.getTimestamp("created_at").toInstant(), rs.getBoolean("imported"));
    }
}
