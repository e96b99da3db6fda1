package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** Events straight into the audit projection; the trail read back through the HTTP API. */
abstract class AuditTestSupport extends QueryServiceTestSupport {

    @Autowired
    AuditTrailProjection projection;

    EventEnvelope apply(EventEnvelope envelope) {
        projection.apply(IssueTimeline.consumed(envelope));
        return envelope;
    }

    JsonNode trail(UUID issueId) {
        return get("/api/audit/issues/{id}", issueId);
    }

    /** GET answered 400 problem+json naming the parameter, in its detail too. */
    void assertBadParameter(String uri, String parameter, Object... variables) {
        http.get().uri(uri, variables)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.parameter").isEqualTo(parameter)
                .jsonPath("$.detail").value(detail -> assertThat((String) detail).contains("'" + parameter + "'"));
    }

    /** The entry's changes as field → [before, after]; text as String, numbers as Integer, lists as List. */
    static Map<String, List<Object>> changes(JsonNode entry) {
        Map<String, List<Object>> changes = new LinkedHashMap<>();
        for (JsonNode change : entry.get("changes")) {
            changes.put(change.get("field").stringValue(),
                    Arrays.asList(value(change.get("before")), value(change.get("after"))));
        }
        return changes;
    }

    static List<Object> change(Object before, Object after) {
        return Arrays.asList(before, after);
    }

    private static Object value(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.intValue();
        }
        if (node.isArray()) {
            List<Object> values = new ArrayList<>();
            node.forEach(element -> values.add(value(element)));
            return values;
        }
        return node.stringValue();
    }
}
