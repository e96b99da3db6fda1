package org.issueledger.command.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Recomputes an aggregate's {@link HashChain} from its stored rows — straight from the table, not
 * through Axon, so that what is checked is what is stored — and names the first broken link.
 *
 * <p>Events without a hash at the start of an aggregate were stored before the chain existed: they are
 * counted as unchained and reported, not treated as tampering; the first chained event after them has
 * no previous hash. A missing hash after a chained event is tampering (someone removed it).
 *
 * <p>What a chain cannot show on its own: removal of the <em>last</em> events, or a rewrite of the
 * whole chain by someone who recomputes every hash. Both need the last hash kept elsewhere (for
 * example the copy of each event's metadata on Kafka) to compare with {@code lastHash}.
 */
@Component
class ChainVerifier {

    enum Problem {
        /** The row no longer hashes to its stored hash: payload, metadata or another column was changed. */
        CONTENT_ALTERED,
        /** The stored previous hash is not the hash of the event before it: an event was replaced or rewritten. */
        LINK_BROKEN,
        /** A sequence number is missing: an event was deleted (or one inserted out of order). */
        SEQUENCE_GAP,
        /** A chained aggregate has an event without a hash: the hash was removed. */
        HASH_MISSING
    }

    record BrokenLink(long sequence, Problem problem, String expected, String found, String detail) {
    }

    record Verification(String aggregateId, boolean ok, long events, long chainedEvents, long unchainedEvents,
                        Long lastSequence, String lastHash, BrokenLink brokenLink, String note) {
    }

    private final JdbcTemplate jdbc;

    ChainVerifier(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @throws AggregateNotFoundException when the store holds no event of {@code aggregateId} */
    Verification verify(String aggregateId) {
        Walk walk = jdbc.query("""
                select event_identifier, type, aggregate_identifier, sequence_number, time_stamp, payload_type,
                       payload_revision, payload, meta_data
                  from domain_event_entry
                 where aggregate_identifier = ?
                 order by sequence_number""", rs -> {
            Walk w = new Walk();
            while (w.broken == null && rs.next()) {
                w.visit(rs);
            }
            return w;
        }, aggregateId);
        if (walk.events == 0) {
            throw new AggregateNotFoundException(aggregateId, "No events for " + aggregateId);
        }
        String note = walk.unchained == 0 ? null
                : "Events 0 to " + (walk.unchained - 1) + " were stored before hash chaining existed; "
                  + "the chain covers the events after them only";
        return new Verification(aggregateId, walk.broken == null, walk.events, walk.events - walk.unchained,
                walk.unchained, walk.lastSequence, walk.lastHash, walk.broken, note);
    }

    /** The state of one pass over the rows in sequence order. */
    private static final class Walk {
        long events;
        long unchained;
        Long lastSequence;
        String lastHash;
        BrokenLink broken;

        void visit(ResultSet rs) throws SQLException {
            long expectedSequence = lastSequence == null ? 0 : lastSequence + 1;
            long sequence = rs.getLong("sequence_number");
            if (sequence != expectedSequence) {
                broken = new BrokenLink(expectedSequence, Problem.SEQUENCE_GAP, "sequence " + expectedSequence,
                        "sequence " + sequence, "Event " + expectedSequence + " is missing from the store");
                return;
            }
            byte[] metadata = rs.getBytes("meta_data");
            String storedHash = HashChain.stored(metadata, HashChain.HASH);
            String storedPrevious = HashChain.stored(metadata, HashChain.PREVIOUS_HASH);
            HashChain.Content content = new HashChain.Content(rs.getString("event_identifier"), rs.getString("type"),
                    rs.getString("aggregate_identifier"), sequence, rs.getString("time_stamp"),
                    rs.getString("payload_type"), rs.getString("payload_revision"), rs.getBytes("payload"), metadata);
            events++;
            lastSequence = sequence;
            if (storedHash == null) {
                if (events - 1 == unchained) {
                    unchained++;
                    return;
                }
                broken = new BrokenLink(sequence, Problem.HASH_MISSING, HashChain.hash(content, storedPrevious), null,
                        "Event " + sequence + " has no hash, though the events before it are chained");
                return;
            }
            String recomputed = HashChain.hash(content, storedPrevious);
            if (!recomputed.equals(storedHash)) {
                broken = new BrokenLink(sequence, Problem.CONTENT_ALTERED, storedHash, recomputed,
                        "Event " + sequence + " no longer matches its hash: its stored content was changed");
                return;
            }
            if (!Objects.equals(storedPrevious, lastHash)) {
                broken = new BrokenLink(sequence, Problem.LINK_BROKEN, lastHash, storedPrevious,
                        "Event " + sequence + " does not link to the event before it: that event was replaced");
                return;
            }
            lastHash = storedHash;
        }
    }
}
