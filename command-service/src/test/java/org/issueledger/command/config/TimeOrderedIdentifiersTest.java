package org.issueledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

class TimeOrderedIdentifiersTest {

    @Test
    void axonFindsTheTimeOrderedFactory() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(TimeOrderedIdentifiers.class);
        assertThat(UUID.fromString(IdentifierFactory.getInstance().generateIdentifier()).version()).isEqualTo(7);
    }

    /** The text's order is the identifiers' order (lower-case hex of fixed width), so the store's index sees it. */
    @Test
    void identifiersAreVersionSevenUuidsThatGrowInTheirTextsOrderAndCarryTheirMillisecond() {
        AtomicLong clock = new AtomicLong(1_765_000_000_000L);
        IdentifierFactory factory = new TimeOrderedIdentifiers(clock::get);
        String previous = "";
        for (int i = 0; i < 100_000; i++) {
            if (i % 1_000 == 0) {
                clock.addAndGet(7);
            }
            String id = factory.generateIdentifier();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(id).isGreaterThan(previous);
            // Fewer than 4,096 a millisecond here: each carries the clock's millisecond as it is.
            assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(clock.get());
            previous = id;
        }
    }

    /** More than 4,096 in one millisecond, or a clock set back: the milliseconds ahead are borrowed, none repeats. */
    @Test
    void aStoppedOrReturningClockNeverRepeatsOrReordersAnIdentifier() {
        AtomicLong clock = new AtomicLong(1_765_000_000_000L);
        IdentifierFactory factory = new TimeOrderedIdentifiers(clock::get);
        String previous = "";
        for (int i = 0; i < 20_000; i++) {
            if (i == 10_000) {
                clock.addAndGet(-60_000);
            }
            String id = factory.generateIdentifier();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        assertThat(UUID.fromString(previous).getMostSignificantBits() >>> 16).isEqualTo(1_765_000_000_000L + 4);
    }

    @Test
    void threadsGetDistinctIdentifiersEachInGrowingOrder() throws Exception {
        IdentifierFactory factory = new TimeOrderedIdentifiers();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Boolean>> ordered = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                ordered.add(pool.submit(() -> {
                    String previous = "";
                    boolean growing = true;
                    for (int i = 0; i < 50_000; i++) {
                        String id = factory.generateIdentifier();
                        growing &= id.compareTo(previous) > 0;
                        seen.add(id);
                        previous = id;
                    }
                    return growing;
                }));
            }
            for (Future<Boolean> future : ordered) {
                assertThat(future.get()).isTrue();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(seen).hasSize(200_000);
    }

    @Test
    void theLayoutIsRfc9562sVersionSeven() {
        UUID uuid = TimeOrderedIdentifiers.uuid((0x017F22E279B0L << 12) | 0xCC3, 0xFFFF_FFFF_FFFF_FFFFL);
        // RFC 9562's example (its unix_ts_ms 0x017F22E279B0, rand_a 0xCC3), with every random bit set.
        assertThat(uuid.toString()).isEqualTo("017f22e2-79b0-7cc3-bfff-ffffffffffff");
    }
}
