package org.issueledger.query.consuming;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** What the consumer thread last saw, published for the API, health and metrics to read. */
@Component
class ConsumerState {

    private final MeterRegistry registry;
    private final Clock clock = Clock.systemUTC();
    private final Map<Integer, Long> lagByPartition = new ConcurrentHashMap<>();
    // Kafka record time (when the relay produced it) of the oldest record known not to be applied yet.
    private final Map<Integer, Long> waitingSinceByPartition = new ConcurrentHashMap<>();
    private final Set<Integer> metered = new HashSet<>();

    private volatile boolean running;
    private volatile boolean retrying;
    private volatile int assignedPartitions;
    private volatile Long pendingEvents;

    ConsumerState(ObjectProvider<MeterRegistry> registry) {
        this.registry = registry.getIfAvailable();
    }

    void running(boolean running) {
        this.running = running;
        if (!running) {
            assignedPartitions = 0;
            pendingEvents = null;
            retrying = false;
            lagByPartition.clear();
            waitingSinceByPartition.clear();
        }
    }

    void retrying(boolean retrying) {
        this.retrying = retrying;
    }

    void observed(int assignedPartitions, Long pendingEvents) {
        this.assignedPartitions = assignedPartitions;
        this.pendingEvents = pendingEvents;
    }

    /** Records end offset − position per assigned partition; an unassigned one is forgotten. */
    void observedLag(Map<TopicPartition, Long> lags) {
        lagByPartition.keySet().retainAll(lags.keySet().stream().map(TopicPartition::partition).toList());
        waitingSinceByPartition.keySet().retainAll(lagByPartition.keySet());
        lags.forEach((partition, lag) -> {
            lagByPartition.put(partition.partition(), lag);
            if (lag == 0) {
                waitingSinceByPartition.remove(partition.partition());
            }
            meter(partition.partition());
        });
    }

    /**
     * Before a batch is applied: its first record per partition is waiting from its record time on, and at least
     * its records are not applied (should the batch fail, this is what the lag shows until one succeeds).
     */
    void fetched(int partition, long firstRecordTime, int records) {
        waitingSinceByPartition.putIfAbsent(partition, firstRecordTime);
        lagByPartition.merge(partition, (long) records, Math::max);
        meter(partition);
    }

    /**
     * After a batch is applied: whatever still waits in the partition came after its last record, so that record's
     * time bounds the wait from above (reset to nothing once the lag is seen to be 0).
     */
    void applied(int partition, long lastRecordTime) {
        waitingSinceByPartition.put(partition, lastRecordTime);
    }

    boolean running() {
        return running;
    }

    boolean retrying() {
        return retrying;
    }

    int assignedPartitions() {
        return assignedPartitions;
    }

    Long pendingEvents() {
        return pendingEvents;
    }

    /** Partition → records not applied yet, for the partitions this instance holds. */
    Map<Integer, Long> lagByPartition() {
        return Map.copyOf(lagByPartition);
    }

    /** Seconds the oldest unapplied record of the partition has waited; 0 when caught up, NaN when unknown. */
    double secondsBehind(int partition) {
        Long lag = lagByPartition.get(partition);
        if (lag == null) {
            return Double.NaN;
        }
        Long since = waitingSinceByPartition.get(partition);
        if (lag == 0) {
            return 0;
        }
        return since == null ? Double.NaN : Math.max(0, clock.millis() - since) / 1000.0;
    }

    private void meter(int partition) {
        if (registry == null) {
            return;
        }
        synchronized (metered) {
            if (!metered.add(partition)) {
                return;
            }
        }
        List<io.micrometer.core.instrument.Tag> tags = List.of(io.micrometer.core.instrument.Tag.of("partition",
                Integer.toString(partition)));
        Gauge.builder("issueledger.projection.lag.records", this,
                        s -> s.lagByPartition.getOrDefault(partition, -1L) < 0 ? Double.NaN : s.lagByPartition.get(partition))
                .description("Records of issue-events in the partition not applied to the read models yet (end offset - position)")
                .tags(tags)
                .register(registry);
        Gauge.builder("issueledger.projection.lag.seconds", this, s -> s.secondsBehind(partition))
                .description("How long the oldest record of the partition not applied yet has waited (record time); 0 when caught up")
                .baseUnit("seconds")
                .tags(tags)
                .register(registry);
    }
}
