package org.issueledger.query.issueview;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.web.BadParameter;
import org.issueledger.query.web.QueryParameters;

/**
 * A request for one page of the issue list, checked: every filter value known, the page within bounds, the sort
 * on a whitelisted field. Only the SQL fragments below ever reach the database as text; values go as parameters.
 */
record IssueListQuery(List<String> statuses, String team, List<String> priorities, String category, String owner,
                      Boolean unassigned, String text, int page, int size, String sortField, boolean descending) {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    /**
     * How deep a list goes: OFFSET paging reads and drops every row before the page, and an exact count reads every
     * match, so both stop here and a client narrows the filters instead (as search engines do).
     */
    static final int MAX_RESULTS = 10_000;
    /**
     * How many matches of a text search are counted exactly; above, its total is this many with
     * {@code totalItemsExact: false}, and its pages go on to {@link #MAX_RESULTS} as any list's do. A count reads
     * every match's row (a GIN index has no index-only scan, and PostgreSQL 17 reads every heap page of a bitmap
     * scan): the words of a text search are scattered over the table, so 10,000 matches read ~10,000 pages,
     * 30-90 ms at 1,000,000 issues, a tenth of that for 1,000.
     */
    static final int TEXT_COUNTED_UP_TO = 1_000;
    static final String DEFAULT_SORT = "createdAt,desc";

    /** Sortable fields by API name: the column, and whether it can be null (those sort last either way). */
    private static final Map<String, SortColumn> SORTABLE = sortable();

    static IssueListQuery of(List<String> status, String team, List<String> priority, String category, String owner,
                             String unassigned, String q, String page, String size, String sort) {
        if (unassigned != null && !unassigned.equals("true") && !unassigned.equals("false")) {
            throw new BadParameter("unassigned", "Parameter 'unassigned' must be true or false, got '" + unassigned + "'");
        }
        int pageNumber = QueryParameters.wholeNumber("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = QueryParameters.wholeNumber("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        if ((long) pageNumber * pageSize >= MAX_RESULTS) {
            throw new BadParameter("page", "Parameter 'page' times 'size' must be below " + MAX_RESULTS + ", got "
                    + pageNumber + " * " + pageSize + ": narrow the filters instead of paging that deep");
        }
        String[] sorting = (sort == null || sort.isBlank() ? DEFAULT_SORT : sort).split(",", -1);
        if (!SORTABLE.containsKey(sorting[0]) || sorting.length > 2
                || (sorting.length == 2 && !sorting[1].equals("asc") && !sorting[1].equals("desc"))) {
            throw new BadParameter("sort", "Parameter 'sort' must be one of " + String.join(", ", SORTABLE.keySet())
                    + ", optionally followed by ,asc or ,desc; got '" + sort + "'");
        }
        return new IssueListQuery(
                enumNames("status", status, Arrays.stream(IssueStatus.values()).map(Enum::name).toList()),
                blankToNull(team),
                enumNames("priority", priority, Arrays.stream(Priority.values()).map(Enum::name).toList()),
                blankToNull(category), blankToNull(owner), unassigned == null ? null : Boolean.valueOf(unassigned),
                blankToNull(q), pageNumber, pageSize, sorting[0],
                sorting.length == 2 && sorting[1].equals("desc"));
    }

    /** Sorted by creation time, the order an index (issue_view_created_at) holds the whole table in. */
    boolean inCreationOrder() {
        return sortField.equals("createdAt");
    }

    /** Up to how many matches {@code totalItems} is exact for this query. */
    int countedUpTo() {
        return text == null ? MAX_RESULTS : TEXT_COUNTED_UP_TO;
    }

    String sort() {
        return sortField + (descending ? ",desc" : ",asc");
    }

    /** The WHERE clause (possibly empty) over issue_view, with named parameters. */
    String where() {
        return where(false);
    }

    /**
     * {@link #where()}, with the text condition hidden from the text index (issue_view_search_team) when {@code walkInOrder}: the
     * same rows, but PostgreSQL can then only walk an index in the list's order (or the table) and keep the matching
     * rows, instead of fetching every match from the text index and sorting them all, which it chooses whenever it
     * underestimates the matches: its estimate for several words multiplies theirs, as if they were independent,
     * while "backup failed" are mostly found together (at 200,000 issues: estimated 217, matched 5,479). See
     * {@link IssueList#page} for when to walk.
     */
    String where(boolean walkInOrder) {
        List<String> conditions = new ArrayList<>();
        if (!statuses.isEmpty()) {
            conditions.add("status IN (:statuses)");
        }
        if (team != null) {
            conditions.add("team = :team");
        }
        if (!priorities.isEmpty()) {
            conditions.add("priority IN (:priorities)");
        }
        if (category != null) {
            conditions.add("category = :category");
        }
        if (owner != null) {
            conditions.add("owner = :owner");
        }
        if (unassigned != null) {
            // Unassigned = still OPEN without an owner: what no auto-assignment rule (or only a team rule) matched.
            conditions.add(unassigned ? "owner IS NULL AND status = 'OPEN'" : "owner IS NOT NULL");
        }
        if (text != null) {
            // search: the words of title and description (V84; index issue_view_search_team, V91, with the team). websearch_to_tsquery
            // never fails on user input: "disk full", "smtp OR imap", -"test" all work, stray symbols are ignored.
            String matches = "search @@ websearch_to_tsquery('simple', :text)";
            // IS TRUE: the same rows (a NULL is kept by neither), but not an operator an index can answer
            conditions.add(walkInOrder ? "(" + matches + ") IS TRUE" : matches);
        }
        return conditions.isEmpty() ? "" : "WHERE " + String.join(" AND ", conditions);
    }

    String orderBy() {
        SortColumn column = SORTABLE.get(sortField);
        String direction = descending ? "DESC" : "ASC";
        // issue_id last: rows that tie on the sort field keep one order from page to page.
        return "ORDER BY " + column.name() + " " + direction + (column.nullable() ? " NULLS LAST" : "")
                + ", issue_id " + direction;
    }

    Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("statuses", statuses);
        parameters.put("team", team);
        parameters.put("priorities", priorities);
        parameters.put("category", category);
        parameters.put("owner", owner);
        parameters.put("text", text);
        return parameters;
    }

    private static List<String> enumNames(String parameter, List<String> values, List<String> known) {
        if (values == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String value : values) {
            if (value.isBlank()) {
                continue;
            }
            String name = value.strip().toUpperCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw BadParameter.notOneOf(parameter, value, known);
            }
            names.add(name);
        }
        return names;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static Map<String, SortColumn> sortable() {
        Map<String, SortColumn> sortable = new LinkedHashMap<>();
        sortable.put("createdAt", new SortColumn("created_at", false));
        sortable.put("lastOccurredAt", new SortColumn("last_occurred_at", false));
        sortable.put("priority", new SortColumn("priority", true));
        sortable.put("status", new SortColumn("status", false));
        sortable.put("title", new SortColumn("title", true));
        sortable.put("team", new SortColumn("team", true));
        sortable.put("category", new SortColumn("category", true));
        sortable.put("owner", new SortColumn("owner", true));
        sortable.put("escalationLevel", new SortColumn("escalation_level", false));
        sortable.put("reopenCount", new SortColumn("reopen_count", false));
        sortable.put("resolvedAt", new SortColumn("resolved_at", true));
        sortable.put("closedAt", new SortColumn("closed_at", true));
        return sortable;
    }

    private record SortColumn(String name, boolean nullable) {
    }
}
