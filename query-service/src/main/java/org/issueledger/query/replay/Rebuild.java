package org.issueledger.query.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.EnvelopeReader;
import org.issueledger.query.consuming.KafkaSettings;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.issueledger.query.consuming.ReadModelLock;
import org.issueledger.query.consuming.RecordFaults;
import org.issueledger.query.consuming.ReplayFilter;
import org.issueledger.query.consuming.StoredOffsets;
import org.issueledger.query.consuming.UnreadableRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One rebuild: replays {@code issue-events} from its first record into fresh tables while the live ones
 * keep serving, then swaps them in.
 *
 * <p>The swap needs no pause of the live consumer. Under the exclusive {@link ReadModelLock} no batch is
 * half-way, and the stored offsets say what the live tables hold; once the replay has read at least that
 * far in every partition, the fresh tables hold all of it, and more. Whatever more they hold, the live
 * consumer will bring again from its stored offsets, and every projection's per-issue guard makes that a
 * no-op. So the only condition for the swap is: replay position ≥ stored offset, everywhere.
 */
final class Rebuild implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Rebuild.class);
    private static final Duration REPORT_EVERY = Duration.ofSeconds(2);
    /** Records per poll and transaction: the projections apply a batch set-based, so bigger batches amortise more. */
    private static final int BATCH = 5_000;

    private final UUID id;
    private final List<Projection> projections;
    private final List<ReadModel> models;
    private final Dependencies use;
    private final BooleanSupplier stopping;
    private final String schema;
    private final String retired;

    private long done;
    private long skipped;
    /** Time spent in each read model's projection, for the progress log: where a rebuild's time goes. */
    private final Map<String, Long> nanosByModel = new ConcurrentHashMap<>();
    /** The second lane of {@link #lanes}; the rebuild's own thread is the first. */
    private final ExecutorService lane;
    private Long total;
    private final DecodedAhead ahead;
    /**
     * Set while the fresh tables are unlogged, without their secondary indexes and their derived tables (the
     * projections replay into them with {@link Projection#replayAll}); null once completed.
     */
    private FreshTables.BulkLoad bulkLoad;

    /** What a rebuild works with; the same for every run. */
    record Dependencies(KafkaSettings kafka, EnvelopeReader reader, FreshTables fresh, RebuildRuns runs,
                        ReadModelLock lock, StoredOffsets offsets, TransactionTemplate transaction, JdbcClient jdbc,
                        ReplayFilter liveSetAside) {
    }

    Rebuild(UUID id, List<Projection> projections, Dependencies use, BooleanSupplier stopping) {
        this.id = id;
        this.projections = List.copyOf(projections);
        this.models = projections.stream().map(Projection::readModel).toList();
        this.use = use;
        this.stopping = stopping;
        this.schema = schemaFor("rebuild_", id);
        this.retired = schemaFor("retired_", id);
        this.ahead = new DecodedAhead(use.reader());
        this.lane = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "rebuild-lane-" + id);
            thread.setDaemon(true);
            return thread;
        });
    }

    static String schemaFor(String prefix, UUID id) {
        return prefix + id.toString().replace("-", "");
    }

    @Override
    public void run() {
        log.info("Rebuild {} of {} started", id, names());
        try {
            bulkLoad = use.fresh().createForBulkLoad(schema, models);
            try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProperties(),
                    new StringDeserializer(), new ByteArrayDeserializer())) {
                replayAndSwap(consumer);
            }
            log.info("Rebuild {} of {} swapped in after {} events ({} left out: set aside by the live consumer, unreadable or refused)",
                    id, names(), done, skipped);
        } catch (RuntimeException e) {
            log.error("Rebuild {} of {} failed after {} events; the live tables are untouched", id, names(), done, e);
            use.runs().failed(id, done, total, String.valueOf(e.getMessage()));
        } finally {
            ahead.close();
            lane.shutdownNow();
            use.fresh().drop(schema);
            use.fresh().drop(retired);
        }
    }

    private void replayAndSwap(KafkaConsumer<String, byte[]> consumer) {
        List<TopicPartition> partitions = partitions(consumer);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        requireWholeLog(consumer.beginningOffsets(partitions));
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        total = sum(ends);
        long reportedAt = System.nanoTime();
        // One poll ahead: while this thread applies a batch (and mostly waits for PostgreSQL), another decodes the
        // next one, so that both cores work.
        ConsumerRecords<String, byte[]> next = ConsumerRecords.empty();
        while (true) {
            if (stopping.getAsBoolean()) {
                throw new IllegalStateException("the service is shutting down");
            }
            ConsumerRecords<String, byte[]> records = next.isEmpty() ? consumer.poll(use.kafka().pollTimeout()) : next;
            next = ConsumerRecords.empty();
            if (!records.isEmpty()) {
                next = consumer.poll(Duration.ZERO);
                ahead.decode(next);
                apply(records);
            }
            if (System.nanoTime() - reportedAt > REPORT_EVERY.toNanos()) {
                ends = consumer.endOffsets(partitions);
                total = sum(ends);
                use.runs().progress(id, done, total);
                log.info("Rebuild {}: {} of {} events; seconds spent per read model so far: {}", id, done, total,
                        secondsByModel());
                reportedAt = System.nanoTime();
            }
            // Not the end of the topic now (under steady traffic it moves on all the time) but the end as last
            // seen: from there on the replay is as current as the live consumer, give or take a poll, and the
            // swap itself checks the one condition that matters.
            // While a batch is polled but not applied, the position is ahead of the fresh tables: no swap then.
            if (next.isEmpty() && reached(consumer, ends) && indexed() && swapped(consumer, partitions)) {
                return;
            }
        }
    }

    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer) {
        List<PartitionInfo> infos = consumer.partitionsFor(use.kafka().topic());
        return infos == null ? List.of()
                : infos.stream().map(info -> new TopicPartition(info.topic(), info.partition())).toList();
    }

    /**
     * A topic whose first records were deleted would rebuild the read models without them, silently; the
     * operator must first restore the log (the command-service re-publishes from its event store).
     */
    private static void requireWholeLog(Map<TopicPartition, Long> beginnings) {
        beginnings.forEach((partition, offset) -> {
            if (offset > 0) {
                throw new IllegalStateException("partition " + partition + " no longer starts at offset 0 (first is "
                        + offset + "): the log is incomplete; re-publish it from the command-service first");
            }
        });
    }

    private void apply(ConsumerRecords<String, byte[]> records) {
        List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
        records.forEach(batch::add);
        // As the live consumer does, a record a read model refuses is left out, and the rest applied.
        RecordFaults.applyFindingFaults(batch,
                part -> skipped += applyAll(part),
                (record, refused) -> {
                    log.warn("Rebuild {}: record {}-{}@{} refused by a read model; left out as the live consumer "
                            + "left it out", id, record.topic(), record.partition(), record.offset(), refused);
                    skipped++;
                });
        done += batch.size();
    }

    /** @return how many records were left out: set aside by the live consumer, or not events */
    private int applyAll(List<ConsumerRecord<String, byte[]>> polled) {
        // What the live consumer dead-lettered, parked or discarded is not in the live tables, so not in these.
        List<ConsumerRecord<String, byte[]>> records = use.liveSetAside().appliedLive(polled);
        int unreadable = polled.size() - records.size();
        List<ConsumedEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(ahead.read(record));
            } catch (UnreadableRecord e) {
                unreadable++;
            }
        }
        if (!events.isEmpty()) {
            List<List<Projection>> lanes = lanes();
            CompletableFuture<Void> second = CompletableFuture.runAsync(() -> apply(lanes.get(1), events), lane);
            RuntimeException failure = null;
            try {
                apply(lanes.get(0), events);
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                second.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return unreadable;
    }

    /**
     * The read models in two lanes of about equal time so far (greedy, the slowest first), each applied in a
     * transaction of its own on its own connection, side by side: one transaction would keep one PostgreSQL backend
     * busy, on one core. A rebuild needs no batch to be atomic across read models: it stores no offsets (its position
     * lives in this run), its tables are read by nobody until the swap, and every projection is idempotent, so a lane
     * that committed while the other failed just applies the same records again, as a no-op, when the batch is
     * retried record by record. Read models own disjoint tables, so the lanes never wait for each other's locks.
     */
    private List<List<Projection>> lanes() {
        List<List<Projection>> lanes = List.of(new ArrayList<>(), new ArrayList<>());
        long[] nanos = new long[lanes.size()];
        projections.stream()
                .sorted(Comparator.comparingLong((Projection p) -> nanosByModel.getOrDefault(p.readModel().name(), 0L))
                        .reversed())
                .forEach(projection -> {
                    int quicker = nanos[0] <= nanos[1] ? 0 : 1;
                    lanes.get(quicker).add(projection);
                    nanos[quicker] += nanosByModel.getOrDefault(projection.readModel().name(), 0L);
                });
        return lanes;
    }

    private void apply(List<Projection> lane, List<ConsumedEvent> events) {
        if (lane.isEmpty()) {
            return;
        }
        use.fresh().within(schema, () -> {
            for (Projection projection : lane) {
                long start = System.nanoTime();
                if (bulkLoad != null) {
                    projection.replayAll(events);
                } else {
                    // Caught up once, derived tables filled: from here on they are kept batch by batch, as live.
                    projection.applyAll(events);
                }
                nanosByModel.merge(projection.readModel().name(), System.nanoTime() - start, Long::sum);
            }
            return null;
        });
    }

    private static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    /**
     * Once caught up: the derived tables are filled from the others, the tables made logged, and the indexes they
     * were created without built, in one pass each (see {@link FreshTables#completeBulkLoad}). The live consumer goes
     * on meanwhile; the replay catches up with it again before the swap.
     */
    private boolean indexed() {
        if (bulkLoad != null) {
            long start = System.nanoTime();
            use.fresh().completeBulkLoad(bulkLoad);
            bulkLoad = null;
            log.info("Rebuild {}: derived tables filled, tables made logged and indexes built in {} s", id,
                    String.format("%.1f", (System.nanoTime() - start) / 1e9));
        }
        return true;
    }

    private boolean swapped(KafkaConsumer<String, byte[]> consumer, List<TopicPartition> partitions) {
        try {
            return Boolean.TRUE.equals(use.transaction().execute(status -> {
                // Readers hold the live tables briefly, an export for longer; rather than queue every new
                // reader behind a swap waiting for a long one, give up and try again after the next batch. Below
                // deadlock_timeout (1 s): a reader locking the same tables in another order then never deadlocks
                // with the swap (which PostgreSQL resolved by aborting the reader); the swap gives up first.
                use.jdbc().sql("SET LOCAL lock_timeout = '500ms'").update();
                use.lock().holdForSwap();
                Map<TopicPartition, Long> stored = use.offsets().nextOffsets(partitions);
                for (TopicPartition partition : partitions) {
                    if (consumer.position(partition) < stored.getOrDefault(partition, 0L)) {
                        return false;
                    }
                }
                use.fresh().swapIn(schema, retired, models);
                // Dropped in the same transaction, so that SWAPPED also means nothing is left behind.
                use.fresh().drop(retired);
                use.fresh().drop(schema);
                use.runs().swapped(id, done, total);
                return true;
            }));
        } catch (DataAccessException e) {
            log.info("Rebuild {}: swap postponed ({})", id, e.getMessage());
            return false;
        }
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = use.kafka().commonClientProperties();
        // No group: the replay reads every partition itself and must not take partitions from the live consumers.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, BATCH);
        // Enough per partition and fetch for a whole batch of ~750-byte events, and no fetch returning a few records:
        // the replay reads a log that is already there.
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1024 * 1024);
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "issueledger-rebuild-" + id);
        return properties;
    }

    private Map<String, String> secondsByModel() {
        Map<String, String> seconds = new LinkedHashMap<>();
        nanosByModel.forEach((model, nanos) -> seconds.put(model, String.format("%.1f", nanos / 1e9)));
        return seconds;
    }

    private List<String> names() {
        return models.stream().map(ReadModel::name).toList();
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    static Collection<String> prefixes() {
        return List.of("rebuild_", "retired_");
    }
}
