package org.issueledger.query.consuming;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one poll's records to every read model and stores the offsets past them, all in one
 * PostgreSQL transaction: either the rows and the position move together, or neither does.
 */
@Component
class BatchApplier {

    private static final int PARALLEL_DECODE_FROM = 256;

    private final TransactionTemplate transaction;
    private final EnvelopeReader reader;
    private final List<Projection> projections;
    private final StoredOffsets offsets;
    private final DeadLetters deadLetters;
    private final ProjectionProgress progress;
    private final ReadModelLock lock;

    BatchApplier(TransactionTemplate transaction, EnvelopeReader reader, List<Projection> projections,
                 StoredOffsets offsets, DeadLetters deadLetters, ProjectionProgress progress, ReadModelLock lock) {
        this.transaction = transaction;
        this.reader = reader;
        this.projections = List.copyOf(projections);
        this.offsets = offsets;
        this.deadLetters = deadLetters;
        this.progress = progress;
        this.lock = lock;
    }

    /**
     * The records of one poll, decoded, in record order. What is returned holds no {@link ConsumerRecord}: once the
     * caller lets go of {@code records}, the fetch responses they came from can be collected while the batch is
     * applied ({@link PolledRecord}).
     */
    List<Incoming> read(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>(records.count());
        records.forEach(polled::add);
        // Decoding is pure CPU and each record's own: a large poll is decoded on every core (in record order).
        List<Decoded> decoded = (polled.size() >= PARALLEL_DECODE_FROM ? polled.parallelStream() : polled.stream())
                .map(this::decode)
                .toList();
        List<Incoming> batch = new ArrayList<>(polled.size());
        PolledRecord previous = null;
        for (int i = 0; i < polled.size(); i++) {
            previous = PolledRecord.of(polled.get(i), previous);
            batch.add(new Incoming(previous, decoded.get(i).event(), decoded.get(i).problem()));
        }
        return batch;
    }

    /**
     * @throws RuntimeException when the batch could not be stored (database down, lock timeout …): nothing
     *                          of it was committed, and the caller must rewind to the stored offsets
     */
    void apply(List<Incoming> batch) {
        RecordFaults.applyFindingFaults(batch,
                part -> transaction.executeWithoutResult(status -> applyInOrder(part)),
                (incoming, refused) -> transaction.executeWithoutResult(status -> applyInOrder(List.of(new Incoming(
                        incoming.record(), null, "rejected by a read model: " + refused.getMessage())))));
    }

    private Decoded decode(ConsumerRecord<String, byte[]> record) {
        try {
            return new Decoded(reader.read(record.value()), null);
        } catch (UnreadableRecord e) {
            return new Decoded(null, e.getMessage());
        }
    }

    private record Decoded(ConsumedEvent event, String problem) {
    }

    private void applyInOrder(List<Incoming> batch) {
        lock.holdForBatch();
        // Before any projection: records of an issue with an unresolved dead letter wait behind it.
        applyEvents(deadLetters.holdBack(batch));
        Map<TopicPartition, Long> firstOffsets = new HashMap<>();
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        for (Incoming incoming : batch) {
            firstOffsets.putIfAbsent(incoming.partition(), incoming.record().offset());
            nextOffsets.put(incoming.partition(), incoming.record().offset() + 1);
        }
        offsets.store(firstOffsets, nextOffsets);
    }

    /**
     * Every read model applies the events in order, and the progress moves to the latest of them. Runs in the
     * caller's transaction: a batch's, or an operator's retry of dead letters.
     */
    void applyEvents(List<ConsumedEvent> events) {
        // Each read model takes the whole batch at once: its events in record order, so per issue in sequence order.
        if (!events.isEmpty()) {
            projections.forEach(projection -> projection.applyAll(events));
        }
        events.stream()
                .max(Comparator.comparingLong(ConsumedEvent::globalPosition))
                .ifPresent(latest -> progress.advance(latest.globalPosition(), latest.recordedAt()));
    }

    /** A record as read: either an event, or the reason it is not one. */
    record Incoming(PolledRecord record, ConsumedEvent event, String problem) {

        TopicPartition partition() {
            return record.topicPartition();
        }
    }
}
