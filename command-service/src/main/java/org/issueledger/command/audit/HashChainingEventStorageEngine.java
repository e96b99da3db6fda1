package org.issueledger.command.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.issueledger.events.InstantText;

/**
 * Axon's JDBC storage engine, plus the {@link HashChain}: each row gets its hash and its predecessor's
 * hash in its metadata as it is written. Doing it at the storage boundary covers every writer — both
 * aggregates, commands and SLA deadlines alike — and hashes exactly the bytes that land in the row.
 *
 * <p>The predecessor's hash is read in the appending transaction. Two racing appends both read the same
 * predecessor, but then also claim the same (aggregate, sequence), and the unique key lets only one of
 * them commit: the chain cannot fork. An aggregate whose stored events carry no hash (written before
 * the chain existed) continues with a first chained event that has no previous hash.
 */
public class HashChainingEventStorageEngine extends JdbcEventStorageEngine {

    private static final Set<String> HASH_KEYS = Set.of(HashChain.HASH, HashChain.PREVIOUS_HASH);

    private final TransactionManager transactions;

    /** @param transactions the builder's transaction manager (the builder does not hand it back) */
    public HashChainingEventStorageEngine(JdbcEventStorageEngine.Builder builder, TransactionManager transactions) {
        super(builder);
        this.transactions = transactions;
    }

    /**
     * Axon's append, with the rows sent by {@code COPY … FROM STDIN (FORMAT binary)} instead of its batched
     * {@code INSERT}: the same rows, in the same transaction (the unit of work's), on the same connection. PostgreSQL
     * then neither parses and plans a multi-row statement per batch nor binds nine parameters per row, and stores the
     * rows with its multi-row heap insert (WAL per page, not per row); pgjdbc's binding of every parameter was a tenth
     * of an importer's CPU. A row that collides (another writer took the sequence) fails the COPY with the same
     * unique violation an {@code INSERT} gets, which {@link #handlePersistenceException} turns into Axon's concurrency
     * exceptions as before.
     */
    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        if (events.isEmpty()) {
            return;
        }
        transactions.executeInTransaction(() -> {
            Connection connection = getConnection();
            try {
                EventRowsCopy rows = new EventRowsCopy(schema());
                appendRows(connection, events, serializer, rows);
                rows.copyInto(connection);
            } catch (SQLException e) {
                handlePersistenceException(e, events.get(0));
            } finally {
                JdbcUtils.closeQuietly(connection);
            }
        });
    }

    /** Axon's row for each event, the payload serialized once, for the hash and for the row. */
    private void appendRows(Connection connection, List<? extends EventMessage<?>> events, Serializer serializer,
                            EventRowsCopy rows) throws SQLException {
        Map<String, String> lastHashOf = new HashMap<>();
        for (EventMessage<?> message : events) {
            @SuppressWarnings("deprecation") // the same conversion Axon's own statement applies
            DomainEventMessage<?> event = EventUtils.asDomainEventMessage(message);
            String aggregateId = event.getAggregateIdentifier();
            // An aggregate's first event has nothing before it: no need to ask the table (every new issue).
            String previousHash = lastHashOf.containsKey(aggregateId) ? lastHashOf.get(aggregateId)
                    : event.getSequenceNumber() == 0 ? null : lastStoredHash(connection, aggregateId);
            // Keys a sender might have smuggled in are never taken over: only this engine writes them. (Copied only
            // when there are any: each copy of the metadata is a map per event.)
            MetaData metadata = event.getMetaData();
            if (metadata.containsKey(HashChain.HASH) || metadata.containsKey(HashChain.PREVIOUS_HASH)) {
                metadata = metadata.withoutKeys(HASH_KEYS);
            }
            var payload = event.serializePayload(serializer, byte[].class);
            String timestamp = StoredTime.format(event.getTimestamp());
            PlainMetadata plain = previousHash == null || HashChain.plainAscii(previousHash)
                    ? PlainMetadata.of(metadata, previousHash != null) : null;
            String hash;
            byte[] storedMetadata;
            if (plain != null) {
                hash = HashChain.hashOfPlainMetadata(content(event, aggregateId, timestamp, payload, null),
                        plain.keys, plain.values, plain.sorted(), previousHash);
                storedMetadata = plain.storedJson(hash, previousHash);
            } else {
                hash = hash(event, aggregateId, timestamp, payload, metadata, serializer, previousHash);
                Map<String, Object> chained = new HashMap<>((int) ((metadata.size() + 2) / 0.75f) + 1);
                chained.putAll(metadata);
                chained.put(HashChain.HASH, hash);
                if (previousHash != null) {
                    chained.put(HashChain.PREVIOUS_HASH, previousHash);
                }
                // A pair here is not plain (else PlainMetadata took it), so StoredMetadata's form cannot hold it.
                storedMetadata = serializer.serialize(MetaData.from(chained), byte[].class).getData();
            }
            rows.add(event.getIdentifier(), aggregateId, event.getSequenceNumber(), event.getType(), timestamp,
                    payload.getType().getName(), payload.getType().getRevision(), payload.getData(), storedMetadata);
            lastHashOf.put(aggregateId, hash);
        }
    }

    /**
     * Metadata of strings only (every command's and deadline's, in practice) is hashed from the map; anything
     * else goes through its serialized form, exactly as a verifier reads it from the row. The row's metadata
     * is serialized once either way, with the hash in it.
     */
    @SuppressWarnings("unchecked")
    private static String hash(DomainEventMessage<?> event, String aggregateId, String timestamp,
                               SerializedObject<byte[]> payload, MetaData metadata, Serializer serializer,
                               String previousHash) {
        boolean strings = metadata.values().stream().allMatch(String.class::isInstance);
        HashChain.Content content = content(event, aggregateId, timestamp, payload,
                strings ? null : serializer.serialize(metadata, byte[].class).getData());
        return strings ? HashChain.hashOfStringMetadata(content, (Map<String, String>) (Map<String, ?>) metadata, previousHash)
                : HashChain.hash(content, previousHash);
    }

    private static HashChain.Content content(DomainEventMessage<?> event, String aggregateId, String timestamp,
                                             SerializedObject<byte[]> payload, byte[] metadata) {
        return new HashChain.Content(event.getIdentifier(), event.getType(), aggregateId, event.getSequenceNumber(),
                timestamp, payload.getType().getName(), payload.getType().getRevision(), payload.getData(), metadata);
    }

    /**
     * Axon's row, whose time is read by hand when asked ({@link InstantText#parse}): every tracking processor (relay,
     * webhooks, assignment rules) asks every event it reads for its time. Any other text is parsed as Axon does.
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> data = super.getTrackedEventData(resultSet, previousToken);
        if (data instanceof TrackedDomainEventData<?> domain) {
            return storedTime(domain, resultSet.getString(schema().timestampColumn()));
        }
        return data;
    }

    private static <T> TrackedEventData<T> storedTime(TrackedDomainEventData<T> data, String stored) {
        return new StoredTimeData<>(data.trackingToken(), data, stored);
    }

    private static final class StoredTimeData<T> extends TrackedDomainEventData<T> {
        private final String stored;

        StoredTimeData(TrackingToken token, DomainEventData<T> data, String stored) {
            super(token, data);
            this.stored = stored;
        }

        @Override
        public Instant getTimestamp() {
            Instant byHand = InstantText.parse(stored);
            return byHand != null ? byHand : super.getTimestamp();
        }
    }

    private String lastStoredHash(Connection connection, String aggregateId) throws SQLException {
        EventSchema schema = schema();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + schema.metaDataColumn()
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ?"
                + " ORDER BY " + schema.sequenceNumberColumn() + " DESC LIMIT 1")) {
            query.setString(1, aggregateId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? HashChain.stored(row.getBytes(1), HashChain.HASH) : null;
            }
        }
    }
}
