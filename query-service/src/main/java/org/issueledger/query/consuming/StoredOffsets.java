package org.issueledger.query.consuming;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
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

    /** Must run in the transaction that applied the records before these offsets. */
    void store(Map<TopicPartition, Long> nextOffsets) {
        nextOffsets.forEach((partition, nextOffset) -> jdbc.sql("""
                        INSERT INTO consumer_offsets (consumer_group, topic, partition, next_offset, updated_at)
                        VALUES (:group, :topic, :partition, :nextOffset, now())
                        ON CONFLICT (consumer_group, topic, partition)
                        DO UPDATE SET next_offset = excluded.next_offset,
                                      updated_at = excluded.updated_at
                        """)
                .param("group", consumerGroup)
                .param("topic", partition.topic())
                .param("partition", partition.partition())
                .param("nextOffset", nextOffset)
                .update());
    }
}
