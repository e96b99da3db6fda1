package org.issueledger.query.consuming;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The consumer's position per partition, kept in PostgreSQL next to the rows it produced. */
@Component
public class StoredOffsets {

    private final JdbcClient jdbc;
    private final String consumerGroup;

    StoredOffsets(JdbcClient jdbc, KafkaSettings settings) {
        this.jdbc = jdbc;
        this.consumerGroup = settings.consumerGroup();
    }

    /** The next offset to read for each of the given partitions that has one stored. */
    public Map<TopicPartition, Long> nextOffsets(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            jdbc.sql("""
                            SELECT next_offset
                              FROM consumer_offsets
                             WHERE consumer_group = :group AND topic = :topic AND partition = :partition
                            """)
                    .param("group", consumerGroup)
                    .param("topic", partition.topic())
                    .param("partition", partition.partition())
                    .query(Long.class)
                    .optional()
                    .ifPresent(offset -> offsets.put(partition, offset));
        }
        return offsets;
    }

    /**
     * Must run in the transaction that applied the records from {@code firstOffsets} up to before
     * {@code nextOffsets}. Refuses (and so rolls that transaction back) when another consumer has meanwhile
     * stored an offset past a partition's first record: the batch was read by an instance that lost the
     * partition without noticing, and its records are being, or were, applied by the new owner. The update
     * locks the row, so of two overlapping batches exactly one commits.
     *
     * @throws StaleBatch when the stored offsets have moved past the batch
     */
    void store(Map<TopicPartition, Long> firstOffsets, Map<TopicPartition, Long> nextOffsets) {
        nextOffsets.forEach((partition, nextOffset) -> {
            long firstOffset = firstOffsets.getOrDefault(partition, nextOffset);
            int stored = jdbc.sql("""
                            INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
                            VALUES (:group, :topic, :partition, :nextOffset, now())
                            ON CONFLICT (consumer_group, topic, partition)
                            DO UPDATE SET next_offset = excluded.next_offset,
                                          updated_at = excluded.updated_at
                             WHERE consumer_offsets.next_offset <= :firstOffset
                            """)
                    .param("group", consumerGroup)
                    .param("topic", partition.topic())
                    .param("partition", partition.partition())
                    .param("nextOffset", nextOffset)
                    .param("firstOffset", firstOffset)
                    .update();
            if (stored == 0) {
                throw new StaleBatch(partition, firstOffset);
            }
        });
    }

    /**
     * A batch whose records another consumer of the group has already stored past. A concurrency failure,
     * not the records' fault: the batch is rewound and re-read, never dead-lettered.
     */
    static final class StaleBatch extends ConcurrencyFailureException {
        StaleBatch(TopicPartition partition, long firstOffset) {
            super("Offsets of " + partition + " were stored past " + firstOffset
                    + " by another consumer: this batch is stale and is rolled back");
        }
    }
}
