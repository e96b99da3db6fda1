package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;

import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The hash chain on the real PostgreSQL: every stored event is chained as it is written, and a row
 * altered behind the service's back — with plain SQL, as an intruder with database access would — is
 * found at the sequence where it was altered.
 *
 * <p>Each test works on an issue of its own with ten events: created (0–3: IssueCreated, SlaPolicyAttached,
 * two SlaClockStarted), assigned to ana by dispatcher (4), escalated (5), resolved (6–8), closed (9).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HashChainTamperTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_chain");
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    ChainVerifier verifier;

    @Test
    void intactChainVerifiesWithEveryEventLinkedToTheOneBefore() throws Exception {
        UUID issue = closedIssue();

        JsonNode answer = verify(issue);

        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isTrue();
        assertThat(answer.path("events").asLong()).isEqualTo(10);
        assertThat(answer.path("chainedEvents").asLong()).isEqualTo(10);
        assertThat(answer.path("unchainedEvents").asLong()).isZero();
        assertThat(answer.path("lastSequence").asLong()).isEqualTo(9);
        assertThat(answer.path("brokenLink").isNull()).isTrue();
        List<String> hashes = metadataValues(issue, HashChain.HASH);
        List<String> previous = metadataValues(issue, HashChain.PREVIOUS_HASH);
        assertThat(hashes).doesNotContainNull().doesNotHaveDuplicates().allMatch(h -> h.matches("[0-9a-f]{64}"));
        assertThat(previous.get(0)).isNull();
        assertThat(previous.subList(1, 10)).isEqualTo(hashes.subList(0, 9));
        assertThat(answer.path("lastHash").asString()).isEqualTo(hashes.get(9));
    }

    @Test
    void alteredPayloadBytesAreFoundAtTheAlteredEvent() throws Exception {
        UUID issue = closedIssue();
        alter(issue, 4, "payload = convert_to(replace(convert_from(payload, 'UTF8'), '\"ana\"', '\"eve\"'), 'UTF8')");

        JsonNode broken = brokenLink(issue);

        assertThat(broken.path("sequence").asLong()).isEqualTo(4);
        assertThat(broken.path("problem").asString()).isEqualTo("CONTENT_ALTERED");
        assertThat(broken.path("expected").asString()).isEqualTo(metadataValues(issue, HashChain.HASH).get(4));
        assertThat(broken.path("found").asString()).isNotEqualTo(broken.path("expected").asString());
    }

    @Test
    void alteredActorInTheMetadataIsFoundAtTheAlteredEvent() throws Exception {
        UUID issue = closedIssue();
        alter(issue, 4, "meta_data = convert_to(jsonb_set(convert_from(meta_data, 'UTF8')::jsonb, '{actor}',"
                + " '\"mallory\"')::text, 'UTF8')");

        JsonNode broken = brokenLink(issue);

        assertThat(broken.path("sequence").asLong()).isEqualTo(4);
        assertThat(broken.path("problem").asString()).isEqualTo("CONTENT_ALTERED");
    }

    /** A rewrite through jsonb changes spacing and key order, not content: the canonical form does not care. */
    @Test
    void reformattedMetadataJsonIsNotTampering() throws Exception {
        UUID issue = closedIssue();
        alter(issue, 4, "meta_data = convert_to(convert_from(meta_data, 'UTF8')::jsonb::text, 'UTF8')");

        assertThat(verify(issue).path("ok").asBoolean()).isTrue();
    }

    @Test
    void deletedMiddleEventIsASequenceGapAtItsSequence() throws Exception {
        UUID issue = closedIssue();
        jdbc.update("delete from domain_event_entry where aggregate_identifier = ? and sequence_number = 5",
                issue.toString());

        JsonNode broken = brokenLink(issue);

        assertThat(broken.path("sequence").asLong()).isEqualTo(5);
        assertThat(broken.path("problem").asString()).isEqualTo("SEQUENCE_GAP");
        assertThat(broken.path("found").asString()).isEqualTo("sequence 6");
    }

    /** An intruder who also recomputes the altered event's hash moves the break to the next event's link. */
    @Test
    void alteredEventWithARecomputedHashBreaksTheLinkOfTheNextEvent() throws Exception {
        UUID issue = closedIssue();
        alter(issue, 4, "payload = convert_to(replace(convert_from(payload, 'UTF8'), '\"ana\"', '\"eve\"'), 'UTF8')");
        String forged = jdbc.queryForObject("""
                select event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type,
                       payload_revision, payload, meta_data
                  from domain_event_entry where aggregate_identifier = ? and sequence_number = 4""",
                (rs, n) -> {
                    byte[] metadata = rs.getBytes("meta_data");
                    return HashChain.hash(new HashChain.Content(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getBytes(8),
                            metadata), HashChain.stored(metadata, HashChain.PREVIOUS_HASH));
                }, issue.toString());
        alter(issue, 4, "meta_data = convert_to(jsonb_set(convert_from(meta_data, 'UTF8')::jsonb, '{hash}', to_jsonb('"
                + forged + "'::text))::text, 'UTF8')");

        JsonNode broken = brokenLink(issue);

        assertThat(broken.path("sequence").asLong()).isEqualTo(5);
        assertThat(broken.path("problem").asString()).isEqualTo("LINK_BROKEN");
        assertThat(broken.path("expected").asString()).isEqualTo(forged);
    }

    @Test
    void removedHashAfterChainedEventsIsTampering() throws Exception {
        UUID issue = closedIssue();
        alter(issue, 5, "meta_data = " + withoutHashKeys());

        JsonNode broken = brokenLink(issue);

        assertThat(broken.path("sequence").asLong()).isEqualTo(5);
        assertThat(broken.path("problem").asString()).isEqualTo("HASH_MISSING");
    }

    /**
     * An issue stored before the chain existed is reported as unchained, not as tampered with; its next
     * event starts the chain.
     */
    @Test
    void eventsStoredBeforeChainingAreReportedAsUnchainedAndTheChainStartsAfterThem() throws Exception {
        UUID issue = closedIssue();
        jdbc.update("update domain_event_entry set meta_data = " + withoutHashKeys() + " where aggregate_identifier = ?",
                issue.toString());

        JsonNode legacy = verify(issue);
        assertThat(legacy.path("ok").asBoolean()).isTrue();
        assertThat(legacy.path("unchainedEvents").asLong()).isEqualTo(10);
        assertThat(legacy.path("chainedEvents").asLong()).isZero();
        assertThat(legacy.path("note").asString()).contains("before hash chaining");

        command(issue, "reopen", "{\"reason\":\"came back\"}");
        JsonNode continued = verify(issue);
        assertThat(continued.path("ok").asBoolean()).as(continued.toString()).isTrue();
        assertThat(continued.path("unchainedEvents").asLong()).isEqualTo(10);
        assertThat(continued.path("chainedEvents").asLong()).isPositive()
                .isEqualTo(continued.path("events").asLong() - 10);
        assertThat(metadataValues(issue, HashChain.PREVIOUS_HASH).get(10)).isNull();
    }

    @Test
    void slaPolicyEventsAreChainedToo() {
        var verification = verifier.verify("sla-policy-default");
        assertThat(verification.ok()).isTrue();
        assertThat(verification.chainedEvents()).isPositive().isEqualTo(verification.events());
    }

    @Test
    void unknownIssueIsA404Problem() throws Exception {
        HttpResponse<String> response = get(port, "/api/audit/issues/" + UUID.randomUUID() + "/verify");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private UUID closedIssue() throws Exception {
        HttpResponse<String> created = post(port, "/api/issues", """
                {"title":"Mail queue stuck","category":"mail","priority":"P3","reporter":"rita"}""");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        UUID issue = UUID.fromString(json.readTree(created.body()).path("issueId").asString());
        command(issue, "assign", "{\"owner\":\"ana\"}", "X-API-Key", "dispatcher-key");
        command(issue, "escalate", "{\"reason\":\"VIP customer\"}");
        command(issue, "resolve", "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Flushed the queue\"}");
        command(issue, "close", "{\"closeCode\":\"DONE\"}");
        return issue;
    }

    private void command(UUID issue, String verb, String body, String... headers) throws Exception {
        HttpResponse<String> response = post(port, "/api/issues/" + issue + "/" + verb, body, headers);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    private JsonNode verify(UUID issue) throws Exception {
        HttpResponse<String> response = get(port, "/api/audit/issues/" + issue + "/verify");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private JsonNode brokenLink(UUID issue) throws Exception {
        JsonNode answer = verify(issue);
        assertThat(answer.path("ok").asBoolean()).as(answer.toString()).isFalse();
        return answer.path("brokenLink");
    }

    private void alter(UUID issue, long sequence, String assignment) {
        int rows = jdbc.update("update domain_event_entry set " + assignment
                + " where aggregate_identifier = ? and sequence_number = ?", issue.toString(), sequence);
        assertThat(rows).isEqualTo(1);
    }

    private static String withoutHashKeys() {
        return "convert_to((convert_from(meta_data, 'UTF8')::jsonb - 'hash' - 'previousHash')::text, 'UTF8')";
    }

    private List<String> metadataValues(UUID issue, String key) {
        return jdbc.query("select meta_data from domain_event_entry where aggregate_identifier = ? order by sequence_number",
                (rs, n) -> HashChain.stored(rs.getBytes(1), key), issue.toString());
    }
}
