package org.issueledger.query.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.issueledger.query.AuditRefusal;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Poison records on the real broker and database: each is parked with its reason, its issue's later records wait
 * behind it, other issues go on, and the admin API retries or discards it — all through HTTP.
 */
class DeadLetterQueueTest extends QueryServiceTestSupport {

    @Test
    void undecodableRecordHoldsItsIssueBackUntilDiscardedWhileOtherIssuesGoOn() {
        IssueTimeline stuck = new IssueTimeline();
        IssueTimeline other = new IssueTimeline();
        produce(stuck.created());
        produceRaw(stuck.issueId(), "{this is not json".getBytes(StandardCharsets.UTF_8));
        produce(stuck.assigned("bo", null, 0), stuck.escalated(1, 0));
        produce(other.created(), other.assigned("cy", null, 0));

        eventually(() -> assertThat(lastSequence(other.issueId())).isEqualTo(1));
        eventually(() -> assertThat(states(stuck.issueId())).containsExactly("DEAD", "HELD", "HELD"));
        assertThat(lastSequence(stuck.issueId())).as("the issue stands still behind its dead letter").isZero();
        assertThat(states(other.issueId())).isEmpty();
        JsonNode letters = deadLetters(stuck.issueId());
        JsonNode dead = letters.get("items").get(0);
        assertThat(dead.get("error").stringValue()).contains("not JSON");
        assertThat(dead.get("value").stringValue()).isEqualTo("{this is not json");
        assertThat(letters.get("items").get(1).get("error").stringValue())
                .isEqualTo("waiting behind dead letter #" + dead.get("id").longValue());
        assertThat(letters.get("items").get(1).get("eventType").stringValue()).isEqualTo("OwnerAssigned");
        assertThat(letters.get("total").longValue()).isEqualTo(3);

        // Even a later record of the issue that arrives on its own waits: order is per issue, not per batch.
        produce(stuck.next(new org.issueledger.events.issue.WorkStarted(stuck.issueId(), stuck.tick(), "bo")));
        eventually(() -> assertThat(states(stuck.issueId())).containsExactly("DEAD", "HELD", "HELD", "HELD"));

        JsonNode discarded = http.delete().uri("/api/admin/dead-letters/{id}", dead.get("id").longValue())
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(discarded.get("state").stringValue()).isEqualTo("DISCARDED");
        assertThat(discarded.get("released").intValue()).isEqualTo(3);

        assertThat(lastSequence(stuck.issueId())).isEqualTo(3);
        assertThat(auditSequences(stuck.issueId())).containsExactly(0L, 1L, 2L, 3L);
        assertThat(states(stuck.issueId())).containsExactly("DISCARDED", "RELEASED", "RELEASED", "RELEASED");
        assertThat(deadLetters(stuck.issueId()).get("items").get(0).get("resolvedAt").isString()).isTrue();

        // Released: the issue's next event is applied straight away again.
        produce(stuck.resolved());
        eventually(() -> assertThat(lastSequence(stuck.issueId())).isEqualTo(4));
        assertThat(states(stuck.issueId())).hasSize(4);
    }

    @Test
    void eventAReadModelRefusesWaitsForARetryAfterTheCauseIsRemovedAndItsIssueThenGoesOnInOrder() {
        IssueTimeline refused = new IssueTimeline();
        IssueTimeline other = new IssueTimeline();
        long deadId;
        try (AuditRefusal refusal = AuditRefusal.of(jdbc, refused.issueId(), 1)) {
            produce(refused.created(), refused.assigned("bo", null, 0), other.created(), refused.escalated(1, 0),
                    refused.resolved(), other.assigned("cy", null, 0));

            eventually(() -> assertThat(states(refused.issueId())).containsExactly("DEAD", "HELD", "HELD"));
            eventually(() -> assertThat(lastSequence(other.issueId())).isEqualTo(1));
            assertThat(lastSequence(refused.issueId())).isZero();
            JsonNode dead = deadLetters(refused.issueId()).get("items").get(0);
            deadId = dead.get("id").longValue();
            assertThat(dead.get("error").stringValue()).startsWith("rejected by a read model")
                    .contains("audit refuses sequence 1");
            assertThat(dead.get("issueSequence").stringValue()).isEqualTo("1");

            // The cause is still there: refused again, it stays with the new reason, and nothing moves.
            http.post().uri("/api/admin/dead-letters/{id}/retry", deadId).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.title").isEqualTo("Still refused");
            JsonNode after = deadLetters(refused.issueId()).get("items").get(0);
            assertThat(after.get("state").stringValue()).isEqualTo("DEAD");
            assertThat(after.get("attempts").intValue()).isEqualTo(2);
            assertThat(lastSequence(refused.issueId())).isZero();

            // A waiting record cannot jump its queue.
            long held = deadLetters(refused.issueId()).get("items").get(1).get("id").longValue();
            http.post().uri("/api/admin/dead-letters/{id}/retry", held).exchange()
                    .expectStatus().isEqualTo(409)
                    .expectBody().jsonPath("$.waitingBehind").isEqualTo(deadId);
        }

        JsonNode retried = http.post().uri("/api/admin/dead-letters/{id}/retry", deadId).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(retried.get("state").stringValue()).isEqualTo("RETRIED");
        assertThat(retried.get("released").intValue()).isEqualTo(2);
        assertThat(states(refused.issueId())).containsExactly("RETRIED", "RELEASED", "RELEASED");
        assertThat(lastSequence(refused.issueId())).isEqualTo(3);
        assertThat(auditSequences(refused.issueId())).containsExactly(0L, 1L, 2L, 3L);
        JsonNode view = get("/api/issues/{id}", refused.issueId());
        assertThat(view.get("status").stringValue()).isEqualTo("RESOLVED");
        assertThat(view.get("owner").stringValue()).isEqualTo("bo");

        http.post().uri("/api/admin/dead-letters/{id}/retry", deadId).exchange().expectStatus().isEqualTo(409);
    }

    @Test
    void unknownDeadLetterAndBadParametersAreAnsweredAsProblems() {
        http.post().uri("/api/admin/dead-letters/{id}/retry", Long.MAX_VALUE).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        http.delete().uri("/api/admin/dead-letters/{id}", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
        assertBadParameter("/api/admin/dead-letters?state=LOST", "state");
        assertBadParameter("/api/admin/dead-letters?issueId=x' OR '1'='1", "issueId");
        assertBadParameter("/api/admin/dead-letters?size=100000", "size");
    }

    private JsonNode deadLetters(UUID issueId) {
        return get("/api/admin/dead-letters?issueId={id}", issueId);
    }

    private List<String> states(UUID issueId) {
        List<String> states = new ArrayList<>();
        deadLetters(issueId).get("items").forEach(item -> states.add(item.get("state").stringValue()));
        return states;
    }

    private List<Long> auditSequences(UUID issueId) {
        List<Long> sequences = new ArrayList<>();
        get("/api/audit/issues/{id}", issueId).get("entries").forEach(e -> sequences.add(e.get("sequence").longValue()));
        return sequences;
    }
}
