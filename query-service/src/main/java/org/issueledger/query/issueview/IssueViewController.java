package org.issueledger.query.issueview;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.web.UnknownIssue;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/issues")
class IssueViewController {

    private final IssueViews views;
    private final ProjectionProgress progress;

    IssueViewController(IssueViews views, ProjectionProgress progress) {
        this.views = views;
        this.progress = progress;
    }

    @GetMapping("/{id}")
    IssueAnswer issue(@PathVariable UUID id) {
        Freshness freshness = progress.freshness();
        return views.find(id)
                .map(view -> new IssueAnswer(view, freshness))
                .orElseThrow(() -> new UnknownIssue(id));
    }

    /** The view's fields at the top level, next to how fresh they are. */
    record IssueAnswer(@JsonUnwrapped IssueView issue, Freshness freshness) {
    }
}
