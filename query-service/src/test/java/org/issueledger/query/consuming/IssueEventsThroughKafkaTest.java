package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Envelopes produced to the real broker, answers read from the running service. */
class IssueEventsThroughKafkaTest extends QueryServiceTestSupport {

    @Autowired
    IssueEventConsumer consumer;

    @Autowired
    ConsumerState consumerState;

    @Test
    void createdAssignedEscalatedResolvedClosedIssueIsServedWithItsAuditTrail() {
        IssueTimeline issue = new IssueTimeline();
        List<EventEnvelope> events = List.of(issue.created(), issue.assigned("bo", null, 0), issue.escalated(2, 0),
                issue.resolved(), issue.closed(4));

        produce(events.toArray(EventEnvelope[]::new));

        eventually(() -> assertThat(get("/api/issues/{id}", issue.issueId()).get("status").stringValue())
                .isEqualTo("CLOSED"));
        JsonNode view = get("/api/issues/{id}", issue.issueId());
        assertThat(view.get("issueId").stringValue()).isEqualTo(issue.issueId().toString());
        assertThat(view.get("owner").stringValue()).isEqualTo("bo");
        assertThat(view.get("escalationLevel").intValue()).isEqualTo(2);
        assertThat(view.get("coHandlers").isArray()).isTrue();
        assertThat(view.get("lastSequence").longValue()).isEqualTo(4);
        assertThat(view.get("satisfaction").intValue()).isEqualTo(4);
        assertThat(view.get("createdAt").stringValue()).isEqualTo(events.get(0).occurredAt().toString());
        assertThat(view.get("closedAt").stringValue()).isEqualTo(events.get(4).occurredAt().toString());
        JsonNode freshness = view.get("freshness");
        assertThat(freshness.get("lastGlobalPosition").longValue()).isGreaterThanOrEqualTo(events.get(4).globalPosition());
        assertThat(freshness.get("lastRecordedAt").isString()).isTrue();
        assertThat(freshness.get("lastAppliedAt").isString()).isTrue();
        eventually(() -> assertThat(get("/api/issues/{id}", issue.issueId()).get("freshness").get("pendingEvents")
                .longValue()).isZero());

        JsonNode trail = get("/api/audit/issues/{id}", issue.issueId());
        assertThat(trail.get("entries")).extracting(entry -> entry.get("type").stringValue())
                .containsExactly("IssueCreated", "OwnerAssigned", "IssueEscalated", "IssueResolved", "IssueClosed");
        assertThat(trail.get("entries")).extracting(entry -> entry.get("eventId").stringValue())
                .containsExactlyElementsOf(events.stream().map(e -> e.eventId().toString()).toList());
        assertThat(trail.get("freshness").get("lastGlobalPosition").longValue())
                .isGreaterThanOrEqualTo(events.get(4).globalPosition());
    }

    @Test
    void poisonRecordIsDeadLetteredAndItsIssueWaitsBehindIt() {
        IssueTimeline issue = new IssueTimeline();
        produce(issue.created());
        produceRaw(issue.issueId(), "{this is not json".getBytes(StandardCharsets.UTF_8));
        produceRaw(issue.issueId(), """
                {"eventId":"%s","type":"IssueTeleported","version":1,"issueId":"%s","sequence":1,"globalPosition":1,
                 "occurredAt":"2026-11-21T10:00:00Z","recordedAt":"2026-11-21T10:00:00Z","payload":{}}
                """.formatted(UUID.randomUUID(), issue.issueId()).getBytes(StandardCharsets.UTF_8));
        produce(issue.assigned("bo", null, 0), issue.escalated(1, 0));

        eventually(() -> assertThat(deadLetters(issue.issueId())).hasSize(4));

        List<Map<String, Object>> deadLetters = deadLetters(issue.issueId());
        assertThat(deadLetters).extracting(row -> row.get("state")).containsExactly("DEAD", "HELD", "HELD", "HELD");
        assertThat((String) deadLetters.get(0).get("error")).contains("not JSON");
        assertThat(new String((byte[]) deadLetters.get(0).get("raw_value"), StandardCharsets.UTF_8))
                .isEqualTo("{this is not json");
        // Unreadable too, but it waits its turn: only the head of an issue's queue is dead.
        assertThat(new String((byte[]) deadLetters.get(1).get("raw_value"), StandardCharsets.UTF_8))
                .contains("IssueTeleported");
        assertThat(deadLetters.subList(1, 4)).extracting(row -> row.get("waiting_behind"))
                .containsOnly(deadLetters.get(0).get("id"));
        assertThat(lastSequence(issue.issueId())).isZero();
        assertThat(auditRows(issue.issueId())).isEqualTo(1);
    }

    @Test
    void eventClaimingATakenSequenceIsDeadLetteredAndOnlyItsIssueWaits() {
        IssueTimeline issue = new IssueTimeline();
        IssueTimeline bystander = new IssueTimeline();
        EventEnvelope created = issue.created();
        EventEnvelope assigned = issue.assigned("bo", null, 0);
        // Another event at sequence 1: the upstream log is broken, and the trail must not silently pick one.
        EventEnvelope impostor = new EventEnvelope(UUID.randomUUID(), assigned.type(), 1, issue.issueId(), 1,
                assigned.globalPosition() + 1_000_000, assigned.occurredAt(), assigned.recordedAt(), "mallory",
                Map.of(), new OwnerAssigned(issue.issueId(), "mallory", "bo", 1, assigned.occurredAt(), "mallory"));

        produce(created, assigned, impostor, bystander.created(), issue.escalated(1, 0));

        eventually(() -> assertThat(deadLetters(issue.issueId())).hasSize(2));
        eventually(() -> assertThat(lastSequence(bystander.issueId())).isZero());
        assertThat(lastSequence(issue.issueId())).isEqualTo(1);
        assertThat(auditRows(issue.issueId())).isEqualTo(2);
        assertThat(jdbc.sql("SELECT owner FROM issue_view WHERE issue_id = :id").param("id", issue.issueId())
                .query(String.class).single()).isEqualTo("bo");
        List<Map<String, Object>> deadLetters = deadLetters(issue.issueId());
        assertThat((String) deadLetters.get(0).get("error")).startsWith("rejected by a read model");
        assertThat(deadLetters).extracting(row -> row.get("state")).containsExactly("DEAD", "HELD");
    }

    @Test
    void consumerRestartNeitherLosesNorDoublesEvents() throws Exception {
        IssueTimeline issue = new IssueTimeline();
        produce(issue.created(), issue.assigned("bo", null, 0), issue.escalated(1, 0));
        eventually(() -> assertThat(lastSequence(issue.issueId())).isEqualTo(2));

        consumer.stop();
        try {
            assertThat(consumer.isRunning()).isFalse();
            produce(issue.next(new WorkStarted(issue.issueId(), issue.tick(), "bo")), issue.escalated(2, 1),
                    issue.resolved());
            // Kafka's own memory of the group now says "start over"; the offsets in PostgreSQL must win.
            eventually(this::resetKafkaCommittedOffsetsToZero);
        } finally {
            consumer.start();
        }

        eventually(() -> assertThat(lastSequence(issue.issueId())).isEqualTo(5));
        assertThat(auditRows(issue.issueId())).isEqualTo(6);
        eventually(() -> assertThat(storedOffsets()).isEqualTo(endOffsets()));

        // Replaying every record ever published changes nothing.
        long auditEntries = count("audit_entry");
        long deadLetters = count("dead_letter");
        String row = viewRow(issue.issueId());
        consumer.stop();
        try {
            jdbc.sql("UPDATE consumer_offsets SET next_offset = 0 WHERE consumer_group = :group")
                    .param("group", GROUP)
                    .update();
        } finally {
            consumer.start();
        }
        // Kafka's committed offsets are at the end: only reading from the stored offsets replays anything.
        eventually(() -> assertThat(storedOffsets()).isEqualTo(endOffsets()));
        assertThat(count("audit_entry")).isEqualTo(auditEntries);
        assertThat(count("dead_letter")).isEqualTo(deadLetters);
        assertThat(viewRow(issue.issueId())).isEqualTo(row);
        assertThat(auditRows(issue.issueId())).isEqualTo(6);
    }

    @Test
    void batchTheDatabaseRefusesIsRetriedUntilTheDatabaseTakesIt() {
        IssueTimeline issue = new IssueTimeline();
        jdbc.sql("ALTER TABLE audit_entry RENAME TO audit_entry_away").update();
        try {
            produce(issue.created(), issue.assigned("bo", null, 0));
            eventually(() -> assertThat(consumerState.retrying()).isTrue());
            assertThat(lastSequence(issue.issueId())).as("nothing of the failed batch is kept").isEqualTo(-1);
        } finally {
            jdbc.sql("ALTER TABLE audit_entry_away RENAME TO audit_entry").update();
        }

        eventually(() -> assertThat(auditRows(issue.issueId())).isEqualTo(2));
        assertThat(lastSequence(issue.issueId())).isEqualTo(1);
        assertThat(deadLetters(issue.issueId())).isEmpty();
        eventually(() -> assertThat(consumerState.retrying()).isFalse());
    }

    private List<Map<String, Object>> deadLetters(UUID issueId) {
        return jdbc.sql("SELECT * FROM dead_letter WHERE record_key = :key ORDER BY record_offset")
                .param("key", issueId.toString())
                .query()
                .listOfRows();
    }

    private long count(String table) {
        return jdbc.sql("SELECT count(*) FROM " + table).query(Long.class).single();
    }

    private String viewRow(UUID issueId) {
        return jdbc.sql("SELECT to_jsonb(v)::text FROM issue_view v WHERE issue_id = :id")
                .param("id", issueId)
                .query(String.class)
                .single();
    }

    private void resetKafkaCommittedOffsetsToZero() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> zero = partitions().stream()
                .collect(Collectors.toMap(p -> p, p -> new OffsetAndMetadata(0)));
        admin().alterConsumerGroupOffsets(GROUP, zero).all().get();
    }

    private Map<Integer, Long> storedOffsets() {
        Map<Integer, Long> offsets = new HashMap<>();
        jdbc.sql("SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = :group AND topic = :topic")
                .param("group", GROUP)
                .param("topic", TOPIC)
                .query((rs, row) -> offsets.put(rs.getInt("partition"), rs.getLong("next_offset")))
                .list();
        return offsets;
    }

    /** The end of every partition that has records. */
    private Map<Integer, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = partitions().stream()
                .collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        admin().listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get()
                .forEach((partition, info) -> {
                    if (info.offset() > 0) {
                        ends.put(partition.partition(), info.offset());
                    }
                });
        return ends;
    }

    private static List<TopicPartition> partitions() {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
    }
}
