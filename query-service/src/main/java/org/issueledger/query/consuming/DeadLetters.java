package org.issueledger.query.consuming;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sets aside records that cannot be applied, so that one bad record never stops the stream, and keeps each
 * issue's order while it is set aside: the issue's later records are parked behind it until an operator
 * retries or discards it ({@link DeadLetterResolution}). Other issues go on.
 */
@Component
class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeadLetters(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * The hold-back filter, run on a batch before any projection sees it, in the batch's transaction: a record
     * whose key (the issue id) has an unresolved dead letter is parked behind it; a record that is not an event
     * becomes a dead letter itself, and the rest of its issue in this batch waits behind it.
     *
     * @return the events the projections may apply, in the batch's order
     */
    List<ConsumedEvent> holdBack(List<BatchApplier.Incoming> batch) {
        Map<String, Head> heads = openHeads(batch.stream().map(incoming -> incoming.record().key())
                .filter(Objects::nonNull).distinct().toList());
        List<ConsumedEvent> admitted = new ArrayList<>(batch.size());
        for (BatchApplier.Incoming incoming : batch) {
            PolledRecord record = incoming.record();
            Head head = record.key() == null ? null : heads.get(record.key());
            if (head != null && head.precedes(record.partition(), record.offset())) {
                hold(record, head.id());
            } else if (incoming.event() != null) {
                admitted.add(incoming.event());
            } else {
                setAside(record, incoming.problem()).ifPresent(id -> {
                    if (record.key() != null) {
                        heads.put(record.key(), new Head(id, record.partition(), record.offset()));
                    }
                });
            }
        }
        return admitted;
    }

    /**
     * The unresolved dead letter each key waits behind. Locked shared, so that a retry or discard of one of
     * them (which locks it exclusively) either sees the records this batch parks behind it, or has already
     * resolved it and this batch applies them itself: no record can be parked behind a resolved head.
     */
    private Map<String, Head> openHeads(List<String> keys) {
        Map<String, Head> heads = new HashMap<>();
        if (keys.isEmpty()) {
            return heads;
        }
        jdbc.sql("""
                        SELECT record_key, id, partition, record_offset
                          FROM dead_letter
                         WHERE state = 'DEAD' AND record_key IN (SELECT unnest(CAST(:keys AS text[])))
                           FOR SHARE
                        """)
                // One array, not one bind parameter per issue: a statement takes at most 65,535 of those, and a
                // poll of more issues (issueledger.kafka.max-poll-records set that high) would fail every retry.
                .param("keys", BulkRows.array(keys))
                .query((rs, row) -> heads.put(rs.getString("record_key"),
                        new Head(rs.getLong("id"), rs.getInt("partition"), rs.getLong("record_offset"))))
                .list();
        return heads;
    }

    /** @return the id of the dead letter this record's issue now waits behind, if it waits at all */
    private Optional<Long> setAside(PolledRecord record, String problem) {
        log.warn("Dead-lettering {}-{}@{} (key {}): {}", record.topic(), record.partition(), record.offset(),
                record.key(), problem);
        Optional<Long> inserted = insert(record, problem, "DEAD", null);
        if (inserted.isPresent()) {
            return inserted;
        }
        // Set aside before (the offsets were rewound by hand): waits behind it only if it is still unresolved.
        return jdbc.sql("""
                        SELECT id FROM dead_letter
                         WHERE topic = :topic AND partition = :partition AND record_offset = :offset AND state = 'DEAD'
                        """)
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .query(Long.class)
                .optional();
    }

    private void hold(PolledRecord record, long head) {
        log.info("Holding {}-{}@{} (key {}) behind dead letter #{}", record.topic(), record.partition(),
                record.offset(), record.key(), head);
        insert(record, "waiting behind dead letter #" + head, "HELD", head);
    }

    /** Must run in the transaction that also stores the offset past this record. */
    private Optional<Long> insert(PolledRecord record, String error, String state, Long head) {
        return jdbc.sql("""
                        INSERT INTO dead_letter (topic, partition, record_offset, record_key, raw_value, headers, error,
                                                 state, waiting_behind)
                        VALUES (:topic, :partition, :offset, :key, :value, CAST(:headers AS jsonb), :error,
                                :state, :head)
                        ON CONFLICT (topic, partition, record_offset) DO NOTHING
                        RETURNING id
                        """)
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .param("key", record.key())
                .param("value", record.value())
                .param("headers", json.writeValueAsString(record.headers()))
                .param("error", error)
                .param("state", state)
                .param("head", head)
                .query(Long.class)
                .optional();
    }

    /** An unresolved dead letter, where it stood in its partition. */
    record Head(long id, int partition, long offset) {

        /**
         * Records before it were dealt with before it was set aside; seen again (offsets rewound), they go to the
         * read models as before, whose guards make them no-ops. Another partition (the topic was repartitioned)
         * cannot be ordered against it: waiting is the safe side.
         */
        boolean precedes(int recordPartition, long recordOffset) {
            return recordPartition != partition || recordOffset > offset;
        }
    }
}
