package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.Serializer;
import org.issueledger.command.CommandServiceTestSupport;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.WorkStarted;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The event store appends its rows by binary COPY ({@link EventRowsCopy}): each column must hold what Axon's
 * {@code INSERT} stored for the same event — the texts, the sequence, the payload's and metadata's bytes, a missing
 * revision as NULL — whatever characters the values hold, and a batch with one colliding row must store none of them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventRowsByCopyTest {

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_copy");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    @Qualifier("eventSerializer")
    Serializer eventSerializer;

    @Test
    void everyColumnHoldsTheEventsValuesWhateverCharactersTheyHold() {
        String issue = UUID.randomUUID().toString();
        Instant at = Instant.parse("2026-03-02T09:00:00.123456789Z");
        // Plain metadata, metadata the plain form cannot hold (non-ASCII, a number: the serializer's fallback), and a
        // payload with quotes, line breaks and characters beyond Latin-1 and beyond U+FFFF.
        List<DomainEventMessage<?>> events = List.of(
                event(issue, 0, new WorkStarted(UUID.fromString(issue), at, "ana"), MetaData.with("actor", "ana")),
                event(issue, 1, new CommentAdded(UUID.fromString(issue), "Ærø \"quoted\"\nline 2 — 日本 \uD83D\uDE00",
                        true, false, at.plusSeconds(1), "bjørn"), MetaData.with("actor", "bjørn").and("attempt", 2)),
                event(issue, 2, new WorkStarted(UUID.fromString(issue), at.plusSeconds(2), "x".repeat(20_000)),
                        MetaData.emptyInstance()));

        storageEngine.appendEvents(events);

        List<Map<String, Object>> rows = jdbc.queryForList("select * from domain_event_entry where aggregate_identifier = ?"
                + " order by sequence_number", issue);
        assertThat(rows).hasSize(3);
        long previousGlobal = -1;
        for (int i = 0; i < 3; i++) {
            DomainEventMessage<?> event = events.get(i);
            Map<String, Object> row = rows.get(i);
            assertThat(row.get("event_identifier")).isEqualTo(event.getIdentifier());
            assertThat(row.get("aggregate_identifier")).isEqualTo(issue);
            assertThat(row.get("sequence_number")).isEqualTo((long) i);
            assertThat(row.get("type")).isEqualTo("Issue");
            assertThat(row.get("time_stamp")).isEqualTo(StoredTime.format(event.getTimestamp()));
            assertThat(row.get("payload_type")).isEqualTo(event.getPayloadType().getName());
            assertThat(row.get("payload_revision")).isNull();
            assertThat((long) row.get("global_index")).isGreaterThan(previousGlobal);
            previousGlobal = (long) row.get("global_index");
        }
        for (int i = 0; i < 3; i++) {
            assertThat((byte[]) rows.get(i).get("payload"))
                    .isEqualTo(eventSerializer.serialize(events.get(i).getPayload(), byte[].class).getData());
        }
        assertThat(new String((byte[]) rows.get(1).get("payload"), StandardCharsets.UTF_8)).contains("Ærø", "— 日本", "bjørn");
        assertThat(new String((byte[]) rows.get(1).get("meta_data"), StandardCharsets.UTF_8))
                .contains("\"actor\":\"bjørn\"", "\"attempt\":2");
        assertThat(new String((byte[]) rows.get(2).get("payload"), StandardCharsets.UTF_8)).contains("x".repeat(20_000));
        // The chain over the stored bytes holds: what was hashed is what was stored.
        for (Map<String, Object> row : rows) {
            HashChain.Content content = new HashChain.Content((String) row.get("event_identifier"), (String) row.get("type"),
                    issue, (long) row.get("sequence_number"), (String) row.get("time_stamp"), (String) row.get("payload_type"),
                    null, (byte[]) row.get("payload"), (byte[]) row.get("meta_data"));
            assertThat(HashChain.hash(content, HashChain.stored((byte[]) row.get("meta_data"), HashChain.PREVIOUS_HASH)))
                    .isEqualTo(HashChain.stored((byte[]) row.get("meta_data"), HashChain.HASH));
        }
    }

    @Test
    void aBatchWithOneCollidingRowStoresNoneOfItsRows() {
        String issue = UUID.randomUUID().toString();
        Instant at = Instant.parse("2026-03-02T09:00:00Z");
        storageEngine.appendEvents(List.of(event(issue, 0, new WorkStarted(UUID.fromString(issue), at, "ana"), MetaData.emptyInstance())));

        assertThatThrownBy(() -> storageEngine.appendEvents(List.of(
                event(issue, 1, new WorkStarted(UUID.fromString(issue), at, "bo"), MetaData.emptyInstance()),
                event(issue, 0, new WorkStarted(UUID.fromString(issue), at, "eve"), MetaData.emptyInstance()))))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(jdbc.queryForObject("select count(*) from domain_event_entry where aggregate_identifier = ?",
                Long.class, issue)).isEqualTo(1);
    }

    private static DomainEventMessage<?> event(String issue, long sequence, Object payload, MetaData metadata) {
        return new GenericDomainEventMessage<>("Issue", issue, sequence, payload, metadata);
    }
}
