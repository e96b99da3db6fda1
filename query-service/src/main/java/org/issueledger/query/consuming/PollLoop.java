package org.issueledger.query.consuming;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the consumer thread: subscribe, poll, apply each batch in one transaction, until stopped.
 *
 * <p>The offsets stored in PostgreSQL are the truth. On assignment, and after any failed batch, every
 * partition is positioned at its stored offset, so a record is applied once whatever Kafka remembers.
 * Kafka's own committed offsets are written after each database commit only so that lag tools see progress.
 *
 * <p>Nothing here gives up: a failed batch is rolled back, rewound and retried with a growing pause; a
 * broker or database outage only delays the read models.
 */
final class PollLoop implements Runnable, ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(PollLoop.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final KafkaSettings settings;
    private final BatchApplier batches;
    private final StoredOffsets storedOffsets;
    private final ConsumerState state;
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private volatile KafkaConsumer<String, byte[]> consumer;
    private Duration backoff;
    // Set when the positions in Kafka may be ahead of the stored offsets; nothing is applied until cleared.
    private boolean rewindNeeded;

    PollLoop(KafkaSettings settings, BatchApplier batches, StoredOffsets storedOffsets, ConsumerState state) {
        this.settings = settings;
        this.batches = batches;
        this.storedOffsets = storedOffsets;
        this.state = state;
        this.backoff = settings.retryBackoffInitial();
    }

    /** Ends the loop from another thread: a poll in progress returns at once, a batch in progress completes. */
    void stop() {
        stopRequested.countDown();
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    @Override
    public void run() {
        state.running(true);
        try {
            // Created here rather than at start-up so that a broker address that does not resolve yet
            // (DNS of a starting cluster) delays consumption instead of failing the application.
            while (!stopping() && !createConsumer()) {
                waitBeforeRetry();
            }
            if (consumer == null) {
                return;
            }
            // A topic that does not exist yet is fine: the subscription picks it up once created.
            consumer.subscribe(List.of(settings.topic()), this);
            while (!stopping()) {
                try {
                    pollOnce();
                } catch (WakeupException e) {
                    // stop() interrupted the poll; the loop condition ends the run.
                } catch (RuntimeException e) {
                    log.warn("Polling {} failed; retrying in {}", settings.topic(), backoff, e);
                    waitBeforeRetry();
                }
            }
        } finally {
            state.running(false);
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
            }
        }
    }

    private boolean createConsumer() {
        try {
            consumer = new KafkaConsumer<>(consumerProperties(), new StringDeserializer(), new ByteArrayDeserializer());
            return true;
        } catch (RuntimeException e) {
            log.warn("Cannot create the Kafka consumer for {}; retrying in {}", settings.bootstrapServers(), backoff, e);
            return false;
        }
    }

    Map<String, Object> consumerProperties() {
        Map<String, Object> properties = settings.commonClientProperties();
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, settings.consumerGroup());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // A poll of 2,000 events of ~750 bytes is 1.5 MB; the default 1 MB per partition and fetch would cut a backlog
        // into smaller batches, and each batch costs its transaction. 4 MB per partition, or 1 KB per record of a
        // larger max-poll-records: a poll returns what the fetches have brought, so with 4 MB a setting of 30,000 made
        // polls of ~13,600 events over three partitions (bench/README, Branch proj11). fetch.max.bytes (50 MB) still
        // bounds a fetch of all partitions. Not lower, although the consumer keeps a fetch response whole until its
        // last record has been polled (~100 MB of this service's heap at 30,000 per poll): a poll returns the rest of a
        // response alone when the next response has not been read yet, so a fetch of one poll's worth made every
        // other poll a short one — at 2,000 per poll 1,531 records on average instead of 1,935, +5 % CPU per event
        // (bench/README, Branch proj12).
        // fetch.min.bytes stays 1: a single new event is fetched at once, so the live lag does not wait for a batch to
        // fill.
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, Math.max(4L * 1024 * 1024, settings.maxPollRecords() * 1024L)));
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) settings.sessionTimeout().toMillis());
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) settings.sessionTimeout().toMillis() / 3);
        // Offsets live in PostgreSQL with the rows they produced; see the class comment.
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Never see events of a relay transaction that was aborted.
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        // Only matters if a stored offset has fallen out of retention; positions are otherwise always set.
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (!settings.instanceId().isEmpty()) {
            properties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        }
        return properties;
    }

    private void pollOnce() {
        if (rewindNeeded) {
            rewind();
        }
        Polled polled = poll();
        if (polled != null) {
            try {
                batches.apply(polled.batch());
            } catch (RuntimeException e) {
                log.warn("Could not apply a batch of {} records; rewinding to the stored offsets and retrying in {}",
                        polled.batch().size(), backoff, e);
                startRewind(consumer.assignment());
                waitBeforeRetry();
                return;
            }
            backoff = settings.retryBackoffInitial();
            state.retrying(false);
            polled.ends().forEach((partition, end) -> state.applied(partition.partition(), end.timestamp()));
            commitForLagTools(polled.ends());
        }
        state.observed(consumer.assignment().size(), pendingEvents());
        state.observedLag(lagByPartition());
    }

    /**
     * One poll, decoded; null when it brought nothing to apply. The {@link ConsumerRecords} end here, with this frame:
     * the batch is applied from what {@link BatchApplier#read} made of them, so the fetch responses they were cut from
     * need not stay in the heap while it is (see {@link PolledRecord}).
     */
    private Polled poll() {
        // While a rewind is pending the partitions are paused: polling only keeps the group membership.
        ConsumerRecords<String, byte[]> records = consumer.poll(rewindNeeded ? Duration.ZERO : settings.pollTimeout());
        if (rewindNeeded || records.isEmpty()) {
            return null;
        }
        Map<TopicPartition, PartitionEnd> ends = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            ConsumerRecord<String, byte[]> last = inPartition.get(inPartition.size() - 1);
            state.fetched(partition.partition(), inPartition.get(0).timestamp(), inPartition.size());
            ends.put(partition, new PartitionEnd(last.offset() + 1, last.timestamp()));
        }
        return new Polled(batches.read(records), ends);
    }

    /** A poll's records as the batch applies them, and where it ends in each partition. */
    private record Polled(List<BatchApplier.Incoming> batch, Map<TopicPartition, PartitionEnd> ends) {
    }

    /** The offset past a poll's last record of a partition, and that record's time. */
    private record PartitionEnd(long nextOffset, long timestamp) {
    }

    private void rewind() {
        Set<TopicPartition> assignment = consumer.assignment();
        try {
            seekToStoredOffsets(assignment);
        } catch (RuntimeException e) {
            log.warn("Cannot read the stored offsets; retrying in {}", backoff, e);
            waitBeforeRetry();
            return;
        }
        consumer.resume(assignment);
        rewindNeeded = false;
    }

    private void startRewind(Collection<TopicPartition> partitions) {
        consumer.pause(partitions);
        rewindNeeded = true;
        state.retrying(true);
    }

    private void seekToStoredOffsets(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> stored = storedOffsets.nextOffsets(partitions);
        List<TopicPartition> neverApplied = partitions.stream().filter(p -> !stored.containsKey(p)).toList();
        stored.forEach(consumer::seek);
        // This database has applied nothing from these partitions, whatever offsets Kafka has committed for
        // the group (a rebuilt or restored database): start from the beginning.
        if (!neverApplied.isEmpty()) {
            consumer.seekToBeginning(neverApplied);
        }
        log.info("Positioned at the stored offsets {}, from the beginning for {}", stored, neverApplied);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        try {
            seekToStoredOffsets(partitions);
        } catch (RuntimeException e) {
            log.warn("Cannot read the stored offsets of {}; holding them until the database answers", partitions, e);
            startRewind(partitions);
        }
    }

    /**
     * Nothing to flush: every applied record's offset is already committed in PostgreSQL, and this thread
     * applies no batch while it is inside poll(). A batch of an instance that lost its partitions without
     * noticing (a pause longer than the session timeout) cannot commit either: its offsets no longer follow
     * the stored ones, so {@link StoredOffsets#store} refuses it and the whole batch rolls back.
     */
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
        log.warn("Lost {} without a clean hand-over (session timed out); another instance has them now", partitions);
    }

    private void commitForLagTools(Map<TopicPartition, PartitionEnd> ends) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        ends.forEach((partition, end) -> next.put(partition, new OffsetAndMetadata(end.nextOffset())));
        consumer.commitAsync(next, (offsets, e) -> {
            if (e != null) {
                log.debug("Informational offset commit failed (harmless: PostgreSQL holds the offsets)", e);
            }
        });
    }

    /** Records waiting in the assigned partitions, or null while any partition's end is not known yet. */
    private Long pendingEvents() {
        Set<TopicPartition> assignment = consumer.assignment();
        if (assignment.isEmpty()) {
            return null;
        }
        long pending = 0;
        for (TopicPartition partition : assignment) {
            OptionalLong lag = consumer.currentLag(partition);
            if (lag.isEmpty()) {
                return null;
            }
            pending += lag.getAsLong();
        }
        return pending;
    }

    /** Per assigned partition whose end is known: records past the position. */
    private Map<TopicPartition, Long> lagByPartition() {
        Map<TopicPartition, Long> lags = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            consumer.currentLag(partition).ifPresent(lag -> lags.put(partition, lag));
        }
        return lags;
    }

    private void waitBeforeRetry() {
        try {
            stopRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested.countDown();
        }
        Duration doubled = backoff.multipliedBy(2);
        backoff = doubled.compareTo(settings.retryBackoffMax()) > 0 ? settings.retryBackoffMax() : doubled;
    }

    private boolean stopping() {
        return stopRequested.getCount() == 0;
    }
}
