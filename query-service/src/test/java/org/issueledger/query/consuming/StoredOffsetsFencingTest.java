package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.common.TopicPartition;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Two instances of the group can briefly believe they own one partition (one paused past its session
 * timeout). The stored offsets decide which batch counts; the other rolls back.
 */
class StoredOffsetsFencingTest extends QueryServiceTestSupport {

    @Autowired
    StoredOffsets offsets;

    @Autowired
    TransactionTemplate transaction;

    private final TopicPartition partition = new TopicPartition("fencing-" + UUID.randomUUID(), 0);

    @Test
    void batchStartingBehindTheStoredOffsetIsRefused() {
        store(0, 10);

        assertThatThrownBy(() -> store(5, 12)).isInstanceOf(StoredOffsets.StaleBatch.class)
                .hasMessageContaining(partition.toString());
        store(10, 15);

        assertThat(offsets.nextOffsets(List.of(partition))).containsEntry(partition, 15L);
    }

    @Test
    void ofTwoOverlappingBatchesInFlightOnlyTheFirstToCommitCounts() throws Exception {
        CountDownLatch firstStored = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            offsets.store(Map.of(partition, 0L), Map.of(partition, 10L));
            firstStored.countDown();
            await(releaseFirst);
        }));
        assertThat(firstStored.await(10, TimeUnit.SECONDS)).isTrue();

        // The second batch read the same records (from offset 0) and waits on the first one's row lock.
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> store(0, 20));
        Thread.sleep(300);
        assertThat(second).isNotDone();
        releaseFirst.countDown();
        first.get(10, TimeUnit.SECONDS);

        assertThat(second).failsWithin(10, TimeUnit.SECONDS).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(StoredOffsets.StaleBatch.class);
        assertThat(offsets.nextOffsets(List.of(partition))).containsEntry(partition, 10L);
    }

    private void store(long first, long next) {
        transaction.executeWithoutResult(status -> offsets.store(Map.of(partition, first), Map.of(partition, next)));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
