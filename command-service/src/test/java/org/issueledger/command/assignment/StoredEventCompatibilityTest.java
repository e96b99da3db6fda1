package org.issueledger.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.issueledger.events.issue.OwnerAssigned;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * OwnerAssigned gained an optional ruleId: payloads stored before it existed must still decode, both by the event
 * store's Jackson 2 serializer (command side) and by Jackson 3 (the query side reads Kafka with it).
 */
class StoredEventCompatibilityTest {

    private static final String STORED_BEFORE_RULES = """
            {"issueId":"00000000-0000-0000-0000-000000000001","owner":"ana","previousOwner":null,"reassignments":0,
             "occurredAt":"2026-01-05T09:02:00Z","actor":"dispatcher"}""";

    private static final OwnerAssigned EXPECTED = new OwnerAssigned(UUID.fromString("00000000-0000-0000-0000-000000000001"),
            "ana", null, 0, Instant.parse("2026-01-05T09:02:00Z"), "dispatcher");

    @Test
    void anOwnerAssignedStoredBeforeRulesDecodesWithoutARuleWithTheStoresSerializer() throws Exception {
        ObjectMapper store = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        OwnerAssigned decoded = store.readValue(STORED_BEFORE_RULES, OwnerAssigned.class);
        assertThat(decoded).isEqualTo(EXPECTED);
        assertThat(decoded.ruleId()).isNull();

        UUID rule = UUID.randomUUID();
        OwnerAssigned byRule = new OwnerAssigned(EXPECTED.issueId(), "bo", "ana", 1, EXPECTED.occurredAt(),
                "system:rules", rule);
        assertThat(store.readValue(store.writeValueAsString(byRule), OwnerAssigned.class)).isEqualTo(byRule);
    }

    @Test
    void anOwnerAssignedStoredBeforeRulesDecodesWithJackson3() {
        assertThat(JsonMapper.builder().build().readValue(STORED_BEFORE_RULES, OwnerAssigned.class)).isEqualTo(EXPECTED);
    }
}
