package org.issueledger.query.sla;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Every parameter the SLA API cannot answer gets a 400 problem that names it. */
class SlaBadParametersTest extends SlaTestSupport {

    @Test
    void malformedOrReversedWindowBoundsAreNamed() {
        assertBadParameter("/api/sla/compliance?from=yesterday", "from");
        assertBadParameter("/api/sla/compliance?to=2024-13-01", "to");
        assertBadParameter("/api/sla/compliance?from=2024-02-01&to=2024-01-01", "from");
        assertBadParameter("/api/sla/what-if?policy=1&to=soon", "to");
    }

    @Test
    void unknownGroupingIsNamed() {
        assertBadParameter("/api/sla/compliance?groupBy=team,colour", "groupBy");
        assertBadParameter("/api/sla/compliance?groupBy=team,", "groupBy");
        assertBadParameter("/api/sla/what-if?policy=1&groupBy=day", "groupBy");
    }

    @Test
    void limitOutOfRangeIsNamed() {
        assertBadParameter("/api/sla/at-risk?limit=0", "limit");
        assertBadParameter("/api/sla/at-risk?limit=1001", "limit");
        assertBadParameter("/api/sla/at-risk?limit=ten", "limit");
    }

    @Test
    void missingUnknownOrInvalidWhatIfPolicyIsNamed() {
        assertBadParameter("/api/sla/what-if", "policy");
        assertBadParameter("/api/sla/what-if?policy=strict", "policy");
        assertBadParameter("/api/sla/what-if?policy=987654", "policy");
        assertBadParameter("/api/sla/what-if?policy=nobody:1", "policy");
        assertBadParameter("/api/sla/what-if?policy={policy}", "policy", "{\"targets\": ");
        assertBadParameter("/api/sla/what-if?policy={policy}", "policy", "{\"target\": {}}");
        assertBadParameter("/api/sla/what-if?policy={policy}", "policy",
                "{\"targets\": {\"P2\": {\"firstResponse\": \"PT0S\", \"resolution\": \"PT1H\"}}}");
        assertBadParameter("/api/sla/what-if?policy={policy}", "policy", "{\"warningPercent\": 100}");
    }

    @Test
    void issueIdThatIsNoUuidIsNamed() {
        http.get().uri("/api/sla/issues/not-a-uuid")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.parameter").isEqualTo("id");
    }
}
