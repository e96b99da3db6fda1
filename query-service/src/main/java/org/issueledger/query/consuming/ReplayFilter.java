package org.issueledger.query.consuming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a replay of the log may apply for its tables to equal the live ones: every record except those the live
 * consumer set aside and has not applied. That is a dead letter (DEAD), a record parked behind one (HELD, or not
 * reached yet by the live consumer but behind an unresolved dead letter of its issue, where it will be parked), and
 * one the operator gave up on (DISCARDED). Retried and released records were applied live, so a replay applies
 * them too, in the log's order.
 *
 * <p>Runs in the replay batch's transaction and locks the rows it reads shared: a retry or discard in flight
 * (which locks them exclusively) finishes first, and the replay sees what it decided. A retry cannot start while
 * a rebuild runs ({@link Replays}), since the replay may have passed the record already.
 */
@Component
public class ReplayFilter {

    private final JdbcClient jdbc;

    ReplayFilter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ConsumerRecord<String, byte[]>> appliedLive(List<ConsumerRecord<String, byte[]>> records) {
        if (records.isEmpty()) {
            return records;
        }
        Set<String> keys = new HashSet<>();
        records.stream().map(ConsumerRecord::key).filter(Objects::nonNull).forEach(keys::add);
        Set<Position> setAside = new HashSet<>();
        Map<String, DeadLetters.Head> heads = new HashMap<>();
        // Records without a key can only have been set aside as unreadable; they are few, so all are fetched.
        jdbc.sql("""
                        SELECT record_key, id, partition, record_offset, state
                          FROM dead_letter
                         WHERE topic = :topic AND state IN ('DEAD', 'HELD', 'DISCARDED')
                           AND (record_key IN (SELECT unnest(CAST(:keys AS text[]))) OR record_key IS NULL)
                           FOR SHARE
                        """)
                .param("topic", records.get(0).topic())
                // One array, not one bind parameter per issue (at most 65,535 per statement), as DeadLetters.
                .param("keys", BulkRows.array(keys))
                .query((rs, row) -> {
                    int partition = rs.getInt("partition");
                    long offset = rs.getLong("record_offset");
                    setAside.add(new Position(partition, offset));
                    String key = rs.getString("record_key");
                    if (key != null && rs.getString("state").equals("DEAD")) {
                        heads.put(key, new DeadLetters.Head(rs.getLong("id"), partition, offset));
                    }
                    return null;
                })
                .list();
        if (setAside.isEmpty()) {
            return records;
        }
        List<ConsumerRecord<String, byte[]>> applied = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            DeadLetters.Head head = record.key() == null ? null : heads.get(record.key());
            boolean parked = head != null && head.precedes(record.partition(), record.offset());
            if (!parked && !setAside.contains(new Position(record.partition(), record.offset()))) {
                applied.add(record);
            }
        }
        return applied;
    }

    private record Position(int partition, long offset) {
    }
}
