package org.issueledger.query.issueview;

import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/issues?status&team&priority&category&owner&unassigned&q&page&size&sort}: the issue list. {@code status} and
 * {@code priority} take several values (comma-separated or repeated); {@code q} searches title and description.
 * {@code totalItems} is exact up to 10,000 matches, and up to 1,000 for a search with {@code q}; beyond, it is that
 * bound with {@code totalItemsExact: false} ("at least"), and pages go on to 10,000 results either way.
 */
@RestController
class IssueListController {

    private final IssueList list;
    private final ProjectionProgress progress;

    IssueListController(IssueList list, ProjectionProgress progress) {
        this.list = list;
        this.progress = progress;
    }

    @GetMapping("/api/issues")
    IssuePage issues(@RequestParam(required = false) List<String> status,
                     @RequestParam(required = false) String team,
                     @RequestParam(required = false) List<String> priority,
                     @RequestParam(required = false) String category,
                     @RequestParam(required = false) String owner,
                     @RequestParam(required = false) String unassigned,
                     @RequestParam(required = false) String q,
                     @RequestParam(required = false) String page,
                     @RequestParam(required = false) String size,
                     @RequestParam(required = false) String sort) {
        IssueListQuery query = IssueListQuery.of(status, team, priority, category, owner, unassigned, q, page, size,
                sort);
        Freshness freshness = progress.freshness();
        // counted first: how many match decides how a text search's page is best read
        IssueList.Matches matches = list.count(query);
        long counted = matches.counted();
        List<IssueSummary> items = list.page(query, matches);
        long total = Math.min(counted, query.countedUpTo());
        return new IssuePage(items, query.page(), query.size(), total, counted <= query.countedUpTo(),
                (total + query.size() - 1) / query.size(), query.sort(), freshness);
    }
}
