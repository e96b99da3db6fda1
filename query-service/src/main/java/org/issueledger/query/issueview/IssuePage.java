package org.issueledger.query.issueview;

import java.util.Arrays;
import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/**
 * One page of the issue list.
 *
 * @param page            from 0
 * @param totalItems      issues matching the filters, on all pages, but at most 10,000, and with a text search
 *                        ({@code q}) at most 1,000
 * @param totalItemsExact false when more match than that bound: at least {@code totalItems} match (narrow the
 *                        filters to see them all)
 * @param totalPages      the pages of {@code totalItems}; when not exact, later pages may follow, up to 10,000
 *                        results
 * @param sort            as applied, e.g. {@code createdAt,desc}
 */
record IssuePage(List<IssueSummary> items, int page, int size, long totalItems, boolean totalItemsExact,
                 long totalPages, String sort, Freshness freshness) implements TabularAnswer {

    @Override
    public List<String> csvHeader() {
        return List.of("issueId", "title", "status", "priority", "category", "component", "team", "owner",
                "escalationLevel", "reopenCount", "createdAt", "resolvedAt", "closedAt", "lastOccurredAt");
    }

    @Override
    public List<List<Object>> csvRecords() {
        return items.stream()
                .map(issue -> Arrays.<Object>asList(issue.issueId(), issue.title(), issue.status(), issue.priority(),
                        issue.category(), issue.component(), issue.team(), issue.owner(), issue.escalationLevel(),
                        issue.reopenCount(), issue.createdAt(), issue.resolvedAt(), issue.closedAt(),
                        issue.lastOccurredAt()))
                .toList();
    }
}
