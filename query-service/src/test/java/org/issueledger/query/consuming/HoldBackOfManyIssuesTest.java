package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A poll can hold more issues than one SQL statement can take bind parameters (65,535), when
 * {@code issueledger.kafka.max-poll-records} is set that high: the dead-letter look-ups of a batch still run, once.
 * Each case runs in a transaction that is rolled back, so the shared database keeps none of its rows.
 */
class HoldBackOfManyIssuesTest extends QueryServiceTestSupport {

    private static final int ISSUES = 70_000;

    @Autowired
    DeadLetters deadLetters;

    @Autowired
    ReplayFilter replayFilter;

    @Autowired
    TransactionTemplate transaction;

    private final String topic = "many-issues-" + UUID.randomUUID();

    @Test
    void recordBehindADeadLetterIsHeldAmongMoreIssuesThanAStatementHasParameters() {
        List<ConsumerRecord<String, byte[]>> records = recordsOfDistinctIssues();
        String blocked = records.get(ISSUES / 2).key();
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            long head = deadLetter(blocked);

            List<ConsumedEvent> admitted = deadLetters.holdBack(records.stream()
                    .map(record -> new BatchApplier.Incoming(PolledRecord.of(record, null), event(record), null)).toList());

            assertThat(admitted).hasSize(ISSUES - 1);
            assertThat(admitted).noneMatch(event -> event.issueId().toString().equals(blocked));
            assertThat(jdbc.sql("SELECT waiting_behind FROM dead_letter WHERE topic = :topic AND state = 'HELD'")
                    .param("topic", topic).query(Long.class).list()).containsExactly(head);
        });
    }

    @Test
    void replayLeavesOutTheParkedRecordAmongMoreIssuesThanAStatementHasParameters() {
        List<ConsumerRecord<String, byte[]>> records = recordsOfDistinctIssues();
        String blocked = records.get(ISSUES / 2).key();
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            deadLetter(blocked);

            List<ConsumerRecord<String, byte[]>> applied = replayFilter.appliedLive(records);

            assertThat(applied).hasSize(ISSUES - 1);
            assertThat(applied).noneMatch(record -> record.key().equals(blocked));
        });
    }

    /** One record per issue, all in partition 0 from offset 100 on. */
    private List<ConsumerRecord<String, byte[]>> recordsOfDistinctIssues() {
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(ISSUES);
        for (int i = 0; i < ISSUES; i++) {
            records.add(new ConsumerRecord<>(topic, 0, 100 + i, UUID.randomUUID().toString(),
                    "{}".getBytes(StandardCharsets.UTF_8)));
        }
        return records;
    }

    /** An unresolved dead letter of the issue, earlier in the partition than the batch. */
    private long deadLetter(String key) {
        return jdbc.sql("""
                        INSERT INTO dead_letter (topic, partition, record_offset, record_key, raw_value, headers, error, state)
                        VALUES (:topic, 0, 7, :key, :value, '{}'::jsonb, 'refused', 'DEAD')
                        RETURNING id
                        """)
                .param("topic", topic).param("key", key).param("value", new byte[0])
                .query(Long.class).single();
    }

    /** Only the issue id matters to the hold-back. */
    private static ConsumedEvent event(ConsumerRecord<String, byte[]> record) {
        return new ConsumedEvent(UUID.randomUUID(), null, 1, UUID.fromString(record.key()), 0, record.offset(), null,
                null, null, Map.of(), null, (JsonText) null, (JsonText) null);
    }
}
