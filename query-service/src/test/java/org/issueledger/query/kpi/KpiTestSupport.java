package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.dashboard.IssueStory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
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

    void assertBadParameter(String uri, String parameter) {
        http.get().uri(uri)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.parameter").isEqualTo(parameter)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("'" + parameter + "'"));
    }

    static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }
}
