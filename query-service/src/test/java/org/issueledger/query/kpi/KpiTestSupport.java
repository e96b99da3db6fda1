package org.issueledger.query.kpi;

import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.dashboard.IssueStory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Stories straight into the KPI projection, answers from the API; one team per test instance. */
abstract class KpiTestSupport extends QueryServiceTestSupport {

    @Autowired
    KpiProjection projection;

    final String team = IssueStory.freshTeam("ops");

    void tell(Iterable<IssueStory> stories) {
        stories.forEach(story -> story.events().forEach(this::apply));
    }

    void tell(IssueStory... stories) {
        tell(List.of(stories));
    }

    void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }
}
