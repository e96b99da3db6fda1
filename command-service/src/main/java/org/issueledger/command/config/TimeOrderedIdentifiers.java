package org.issueledger.command.config;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.axonframework.common.IdentifierFactory;

/**
 * Axon's message identifiers (every command, result and event message gets one) as time-ordered UUIDs, version 7 of
 * RFC 9562: 48 bits of Unix milliseconds, a 12-bit counter for identifiers of the same millisecond (rand_a), 62 random
 * bits. Found by Axon through {@code META-INF/services/org.axonframework.common.IdentifierFactory} (hence public).
 *
 * <p>Why time-ordered: every stored event's identifier goes into the event store's unique index. A random (version 4)
 * identifier lands on a random leaf page of an index that keeps growing; a time-ordered one next to the previous one,
 * at the index's right edge. Appending rows of the import's size by COPY from 4 connections, PostgreSQL spent 13.0 µs
 * of CPU per row against 17.7 with random identifiers when 1.5M rows were stored, 13.4 against 20.9 with 5M: the random
 * index's cost grows with the store (bench/README, *Session 11 (lead)*).
 *
 * <p>Within this JVM identifiers only ever grow: one counter holds the last (milliseconds × 4096 + sequence) handed out,
 * and the next is the clock's value or, if the clock has not moved on (or went back), the last plus one — so more than
 * 4,096 identifiers in a millisecond, or a clock set back, borrow from the milliseconds ahead instead of repeating.
 * Instances interleave near the right edge; what keeps two of them apart is the 62 random bits, from a strong generator
 * per thread (SHA1PRNG) rather than the JVM's one shared {@code NativePRNG}, which reads {@code /dev/urandom} under a
 * global lock for every identifier (4 % of the import workers' CPU once, and a point where all request threads met).
 * The clock is only an identifier's ordering, never a business time: no event's time is read from its identifier.
 */
public final class TimeOrderedIdentifiers extends IdentifierFactory {

    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(TimeOrderedIdentifiers::generator);

    private final AtomicLong last = new AtomicLong();
    private final LongSupplier millis;

    /** For Axon's ServiceLoader: the system clock. */
    public TimeOrderedIdentifiers() {
        this(System::currentTimeMillis);
    }

    TimeOrderedIdentifiers(LongSupplier millis) {
        this.millis = millis;
    }

    @Override
    public String generateIdentifier() {
        long now = millis.getAsLong() << 12;
        long tick = last.updateAndGet(previous -> Math.max(previous + 1, now));
        return uuid(tick, RANDOM.get().nextLong()).toString();
    }

    /** Version 7, IETF variant: {@code tick}'s milliseconds in the top 48 bits, its sequence in rand_a, 62 of {@code random}. */
    static UUID uuid(long tick, long random) {
        long most = (tick >>> 12) << 16 | 0x7000L | (tick & 0xFFFL);
        long least = random & 0x3FFF_FFFF_FFFF_FFFFL | 0x8000_0000_0000_0000L;
        return new UUID(most, least);
    }

    /**
     * SHA1PRNG, seeded from the system's entropy on its first use, once per thread: ~0.2 µs per identifier against
     * ~1.5 µs for the shared NativePRNG and as much for a per-thread DRBG (measured on this machine).
     */
    private static SecureRandom generator() {
        try {
            return SecureRandom.getInstance("SHA1PRNG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
