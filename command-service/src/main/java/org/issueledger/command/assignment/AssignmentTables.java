package org.issueledger.command.assignment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rule processor's own tables (V40): per issue what rules look at, open issues per owner, round-robin
 * cursors. Every write runs in the processor's transaction, with its token: the issues and loads once per batch
 * ({@link AssignmentBatch}), a cursor when a rule deals.
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

        IssueRow reclassified(String category, String component) {
            return new IssueRow(issueId, title, description, category, component, priority, sourceSystem, team, owner,
                    ownerRuleId, open, createdAt, imported);
        }

        IssueRow withPriority(Priority priority) {
            return new IssueRow(issueId, title, description, category, component, priority, sourceSystem, team, owner,
                    ownerRuleId, open, createdAt, imported);
        }

        IssueRow withTeam(String team) {
            return new IssueRow(issueId, title, description, category, component, priority, sourceSystem, team, owner,
                    ownerRuleId, open, createdAt, imported);
        }

        IssueRow withOwner(String owner, UUID ownerRuleId) {
            return new IssueRow(issueId, title, description, category, component, priority, sourceSystem, team, owner,
                    ownerRuleId, open, createdAt, imported);
        }

        IssueRow withOpen(boolean open) {
            return new IssueRow(issueId, title, description, category, component, priority, sourceSystem, team, owner,
                    ownerRuleId, open, createdAt, imported);
        }
    }

    /**
     * What a run of load changes does to an owner's open issues: {@code n -> max(n + shift, floor)}. Each change
     * adds its delta and stops at 0 (as the statement did per change); any run of them has this form, so a batch
     * keeps one per owner and writes it without reading the load first.
     */
    record LoadChange(int shift, int floor) {

        static final LoadChange NONE = new LoadChange(0, 0);

        /** This run, then one more change by {@code delta}: max(max(n + s, f) + d, 0) = max(n + s + d, max(f + d, 0)). */
        LoadChange then(int delta) {
            return new LoadChange(shift + delta, Math.max(floor + delta, 0));
        }

        int applyTo(int openIssues) {
            return Math.max(openIssues + shift, floor);
        }
    }

    /** The rows of those of these issues that have one. */
    Map<UUID, IssueRow> issues(Collection<UUID> issueIds) {
        Map<UUID, IssueRow> rows = new HashMap<>();
        if (issueIds.isEmpty()) {
            return rows;
        }
        jdbc.query("select * from assignment_issue where issue_id = any (?)",
                rs -> {
                    IssueRow row = row(rs, 0);
                    rows.put(row.issueId(), row);
                },
                (Object) issueIds.toArray(UUID[]::new));
        return rows;
    }

    /**
     * Writes these rows as they are (each issue at most once), with one statement. Title, description, source,
     * creation time and the imported flag never change after a row is made.
     */
    void saveIssues(Collection<IssueRow> all) {
        if (all.isEmpty()) {
            return;
        }
        int n = all.size();
        UUID[] ids = new UUID[n];
        String[] titles = new String[n];
        String[] descriptions = new String[n];
        String[] categories = new String[n];
        String[] components = new String[n];
        String[] priorities = new String[n];
        String[] sources = new String[n];
        String[] teams = new String[n];
        String[] owners = new String[n];
        UUID[] ownerRules = new UUID[n];
        Boolean[] open = new Boolean[n];
        // Microseconds since the epoch (PostgreSQL's precision), not ISO text: that would not do for every year an
        // imported log may carry (before year 0, after 9999), and an event the batch cannot write stops the processor.
        Long[] createdAts = new Long[n];
        Boolean[] imported = new Boolean[n];
        int i = 0;
        for (IssueRow row : all) {
            ids[i] = row.issueId();
            titles[i] = row.title();
            descriptions[i] = row.description();
            categories[i] = row.category();
            components[i] = row.component();
            priorities[i] = row.priority().name();
            sources[i] = row.sourceSystem();
            teams[i] = row.team();
            owners[i] = row.owner();
            ownerRules[i] = row.ownerRuleId();
            open[i] = row.open();
            createdAts[i] = micros(row.createdAt());
            imported[i] = row.imported();
            i++;
        }
        jdbc.update("""
                        insert into assignment_issue (issue_id, title, description, category, component, priority,
                                                      source_system, team, owner, owner_rule_id, open, created_at,
                                                      imported)
                        select r.id, r.title, r.description, r.category, r.component, r.priority, r.source, r.team,
                               r.owner, r.rule, r.open, timestamptz 'epoch' + r.created * interval '1 microsecond',
                               r.imported
                        from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::uuid[], ?::boolean[], ?::bigint[], ?::boolean[])
                             as r (id, title, description, category, component, priority, source, team, owner, rule,
                                   open, created, imported)
                        on conflict (issue_id) do update set category = excluded.category,
                            component = excluded.component, priority = excluded.priority, team = excluded.team,
                            owner = excluded.owner, owner_rule_id = excluded.owner_rule_id, open = excluded.open""",
                ids, titles, descriptions, categories, components, priorities, sources, teams, owners, ownerRules,
                open, createdAts, imported);
    }

    private static long micros(Instant at) {
        return Math.addExact(Math.multiplyExact(at.getEpochSecond(), 1_000_000L), (at.getNano() + 500) / 1000);
    }

    /** Applies each owner's change to its load, with one statement; an owner without a row starts at 0. */
    void changeLoads(Map<String, LoadChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        int n = changes.size();
        String[] owners = new String[n];
        Integer[] shifts = new Integer[n];
        Integer[] floors = new Integer[n];
        int i = 0;
        for (Map.Entry<String, LoadChange> change : changes.entrySet()) {
            owners[i] = change.getKey();
            shifts[i] = change.getValue().shift();
            floors[i] = change.getValue().floor();
            i++;
        }
        // The insert reads the table as it was before the update (one snapshot per statement): "not updated" is
        // "had no row".
        jdbc.update("""
                        with change (owner, shift, floor) as (select * from unnest(?::text[], ?::int[], ?::int[])),
                             updated as (update assignment_owner_load l
                                         set open_issues = greatest(l.open_issues + c.shift, c.floor)
                                         from change c where l.owner = c.owner
                                         returning l.owner)
                        insert into assignment_owner_load (owner, open_issues)
                        select c.owner, greatest(c.shift, c.floor) from change c
                        where c.owner not in (select owner from updated)""",
                owners, shifts, floors);
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
