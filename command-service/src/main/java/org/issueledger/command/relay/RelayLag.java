package org.issueledger.command.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How far the relay is behind the event store, read from the store itself (the relay's token in
 * {@code token_entry}, the head of {@code domain_event_entry}), so every instance reports the cluster's one
 * relay, whichever instance holds its claim.
 */
@Component
class RelayLag implements MeterBinder {

    private final JdbcClient jdbc;
    private final Clock clock;

    RelayLag(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * @param headIndex     the highest global index in the store, -1 when it is empty
     * @param relayedIndex  the token's position: every event up to it is acknowledged by the broker; -1 before
     *                      the first
     * @param oldestWaiting the store's record time of the first event not relayed yet, null when none waits
     * @param owner         the instance that holds the relay's claim, null when none does (all stopped)
     */
    record Measured(long headIndex, long relayedIndex, Instant oldestWaiting, String owner, Instant at) {

        /** Head index minus token position (a gap the store left, e.g. by a rolled-back append, counts as one). */
        long events() {
            return Math.max(0, headIndex - relayedIndex);
        }

        Duration age() {
            return oldestWaiting == null ? Duration.ZERO : Duration.between(oldestWaiting, at).abs();
        }
    }

    Measured measure() {
        long head = jdbc.sql("SELECT coalesce(max(global_index), -1) FROM domain_event_entry").query(Long.class).single();
        // Axon's Jackson serializer writes the GapAwareTrackingToken as {"index":…,"gaps":[…]}.
        record Token(Long index, String owner) {
        }
        Token token = jdbc.sql("""
                        SELECT (convert_from(token, 'UTF8')::jsonb ->> 'index')::bigint AS index, owner
                          FROM token_entry
                         WHERE processor_name = :processor AND segment = 0
                        """)
                .param("processor", KafkaRelay.PROCESSING_GROUP)
                .query((rs, row) -> new Token(rs.getObject("index", Long.class), rs.getString("owner")))
                .optional()
                .orElse(new Token(null, null));
        long relayed = token.index() == null ? -1 : token.index();
        Instant oldest = relayed >= head ? null : jdbc.sql("""
                        SELECT time_stamp FROM domain_event_entry
                         WHERE global_index > :relayed
                         ORDER BY global_index
                         LIMIT 1
                        """)
                .param("relayed", relayed)
                .query(String.class)
                .optional()
                .map(Instant::parse)
                .orElse(null);
        return new Measured(head, relayed, oldest, token.owner(), clock.instant());
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("issueledger.relay.lag.events", this, lag -> lag.orNaN(m -> m.events()))
                .description("Events in the event store past the Kafka relay's token (head global index - token position)")
                .register(registry);
        Gauge.builder("issueledger.relay.lag.seconds", this, lag -> lag.orNaN(m -> m.age().toMillis() / 1000.0))
                .description("Age of the oldest event the relay has not had acknowledged by the broker yet; 0 when none")
                .baseUnit("seconds")
                .register(registry);
    }

    /** NaN while the database does not answer: a gap on the dashboard, not a false zero. */
    private double orNaN(java.util.function.ToDoubleFunction<Measured> figure) {
        try {
            return figure.applyAsDouble(measure());
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
