package org.issueledger.query.replay;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.EnvelopeReader;
import org.issueledger.query.consuming.UnreadableRecord;

/**
 * Decodes the records of the next poll on a thread of its own while the rebuild applies the current one: the
 * rebuild's thread spends much of a batch waiting for PostgreSQL, and decoding is pure CPU. A record that was not
 * decoded ahead (or whose decoding failed unexpectedly) is decoded when asked for, so the result never depends on
 * the thread.
 */
final class DecodedAhead implements AutoCloseable {

    private final EnvelopeReader reader;
    private final ExecutorService thread;
    private Future<Map<ConsumerRecord<String, byte[]>, Object>> decoding;
    private Map<ConsumerRecord<String, byte[]>, Object> decoded = Map.of();

    DecodedAhead(EnvelopeReader reader) {
        this.reader = reader;
        this.thread = Executors.newSingleThreadExecutor(runnable -> {
            Thread decoder = new Thread(runnable, "rebuild-decoder");
            decoder.setDaemon(true);
            return decoder;
        });
    }

    /**
     * Starts decoding {@code records}. What the previous call decoded (the batch about to be applied, decoded while
     * the one before was applied) becomes what {@link #read} answers from; anything older is forgotten.
     */
    void decode(ConsumerRecords<String, byte[]> records) {
        decoded = decoding == null ? Map.of() : finished(decoding);
        decoding = null;
        if (records.isEmpty()) {
            return;
        }
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        decoding = thread.submit(() -> {
            Map<ConsumerRecord<String, byte[]>, Object> events = new IdentityHashMap<>(batch.size() * 2);
            for (ConsumerRecord<String, byte[]> record : batch) {
                try {
                    events.put(record, reader.read(record.value()));
                } catch (UnreadableRecord e) {
                    events.put(record, e);
                }
            }
            return events;
        });
    }

    /** The record's event, decoded ahead if it was. */
    ConsumedEvent read(ConsumerRecord<String, byte[]> record) throws UnreadableRecord {
        Object event = decoded.get(record);
        if (event instanceof ConsumedEvent consumed) {
            return consumed;
        }
        if (event instanceof UnreadableRecord unreadable) {
            throw unreadable;
        }
        return reader.read(record.value());
    }

    private static Map<ConsumerRecord<String, byte[]>, Object> finished(
            Future<Map<ConsumerRecord<String, byte[]>, Object>> decoding) {
        try {
            return decoding.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (ExecutionException e) {
            return Map.of();
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
