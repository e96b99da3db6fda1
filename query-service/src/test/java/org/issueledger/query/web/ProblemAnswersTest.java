package org.issueledger.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Errors of every API come as RFC 7807 problem+json that names what was wrong. */
class ProblemAnswersTest extends QueryServiceTestSupport {

    @Test
    void unknownIssueIsAnswered404NamingTheIssue() {
        UUID unknown = UUID.randomUUID();

        http.get().uri("/api/issues/{id}", unknown)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.title").isEqualTo("Unknown issue")
                .jsonPath("$.issueId").isEqualTo(unknown.toString())
                .jsonPath("$.detail").value(detail -> assertThat((String) detail)
                        .contains(unknown.toString()))
                .jsonPath("$.instance").isEqualTo("/api/issues/" + unknown);
    }

    @Test
    void issueWithoutEventsHasNoAuditTrail() {
        UUID unknown = UUID.randomUUID();

        http.get().uri("/api/audit/issues/{id}", unknown)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.issueId").isEqualTo(unknown.toString());
    }

    @Test
    void malformedIssueIdIsAnswered400NamingTheParameter() {
        http.get().uri("/api/issues/{id}", "not-a-uuid")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(400)
                .jsonPath("$.parameter").isEqualTo("id")
                .jsonPath("$.detail").isEqualTo("Parameter 'id' must be a UUID, got 'not-a-uuid'");
    }

    @Test
    void malformedIdInTheAuditApiIsAnswered400Too() {
        http.get().uri("/api/audit/issues/{id}", "42")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.parameter").isEqualTo("id");
    }

    @Test
    void unknownPathIsAProblemToo() {
        http.get().uri("/api/nothing-here")
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
