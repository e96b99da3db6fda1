package org.issueledger.command.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.axonframework.common.jdbc.JdbcUtils;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
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

    /** The gap settings of the store's builder: Axon's defaults, named so that the tracked row below uses the same. */
    public static final int MAX_GAP_OFFSET = 10_000;
    public static final long LOWEST_GLOBAL_SEQUENCE = 1;
    public static final int GAP_TIMEOUT_MS = 60_000;

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
     * Axon's tracked row ({@code JdbcEventStorageEngine.getTrackedEventData}, the same steps), whose time is read by
     * hand ({@link InstantText#parse}): Axon's own row parses its text with {@code DateTimeFormatter} for the gap check
     * below, and again whenever a processor asks the event for its time — every tracking processor (relay, webhooks,
     * assignment rules) for every event it reads. Any other text is parsed as Axon does. The gap settings are the
     * builder's ({@link #MAX_GAP_OFFSET} …, which {@code AxonConfig} sets), so the token is Axon's token
     * ({@code TrackedRowsTest} compares both row by row).
     */
    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        EventSchema schema = schema();
        long globalSequence = resultSet.getLong(schema.globalIndexColumn());
        String aggregateId = resultSet.getString(schema.aggregateIdentifierColumn());
        String eventId = resultSet.getString(schema.eventIdentifierColumn());
        Object storedTime = readTimeStamp(resultSet, schema.timestampColumn());
        StoredTimeEntry<?> row = new StoredTimeEntry<>(resultSet.getString(schema.typeColumn()),
                eventId.equals(aggregateId) ? null : aggregateId, resultSet.getLong(schema.sequenceNumberColumn()),
                eventId, storedTime, resultSet.getString(schema.payloadTypeColumn()),
                resultSet.getString(schema.payloadRevisionColumn()), readPayload(resultSet, schema.payloadColumn()),
                readPayload(resultSet, schema.metaDataColumn()));
        boolean allowGaps = row.getTimestamp().isAfter(GenericEventMessage.clock.instant().minusMillis(GAP_TIMEOUT_MS));
        GapAwareTrackingToken token = previousToken == null
                ? GapAwareTrackingToken.newInstance(globalSequence, allowGaps
                        ? LongStream.range(Math.min(LOWEST_GLOBAL_SEQUENCE, globalSequence), globalSequence).boxed()
                                .collect(Collectors.toCollection(TreeSet::new))
                        : Collections.emptySortedSet())
                : previousToken.advanceTo(globalSequence, allowGaps ? MAX_GAP_OFFSET : 0);
        return new TrackedDomainEventData<>(token, row);
    }

    /** Axon's own tracked row, for the test that holds {@link #getTrackedEventData} to it. */
    TrackedEventData<?> axonsTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        return super.getTrackedEventData(resultSet, previousToken);
    }

    private static final class StoredTimeEntry<T> extends GenericDomainEventEntry<T> {
        private final Object stored;

        StoredTimeEntry(String type, String aggregateId, long sequence, String eventId, Object stored,
                        String payloadType, String payloadRevision, T payload, T metadata) {
            super(type, aggregateId, sequence, eventId, stored, payloadType, payloadRevision, payload, metadata);
            this.stored = stored;
        }

        @Override
        public Instant getTimestamp() {
            Instant byHand = stored instanceof String text ? InstantText.parse(text) : null;
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
