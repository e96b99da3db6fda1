package org.issueledger.command.relay;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.serialization.Serializer;
import org.issueledger.events.InstantText;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one definition of an {@code issue-events} record: key, envelope and headers of a stored event. The
 * relay and a re-publish both build their records here, so a re-published record is byte for byte the
 * one the relay sent.
 *
 * <p>A record is built from the event's stored form: the payload's JSON as the event store holds it (after
 * Axon's upcasters, which run on the stored form before it reaches here) goes into the envelope as it is, and
 * the few envelope fields taken from the payload ({@code issueId}, {@code occurredAt}, {@code actor}) are found in
 * its stored bytes ({@link StoredPayload}); the envelope is written straight into the record's bytes, its strings as
 * the envelope's mapper writes them ({@link JsonStrings}). Reading the event back into its record and writing it out
 * again was more than half of the relay's CPU, and then a Jackson parser and generator over the stored form still
 * half of it; the relay is one thread that must keep pace with every request thread of the service. The result is
 * the same bytes the envelope record would give ({@code RecordFromStoredFormTest} compares both for every event
 * type); an event whose stored form is not in the shape that guarantees it (an instant not in its ISO form, a
 * character beyond U+FFFF written as an escaped surrogate pair …) is built the slow way, from the deserialized event.
 */
@Component
class IssueEventRecords {

    private static final Comparator<Map.Entry<String, ?>> BY_KEY = (a, b) -> a.getKey().compareTo(b.getKey());

    // The envelope's fields around the values, in the order of EventEnvelope's components.
    private static final byte[] EVENT_ID = ascii("{\"eventId\":\"");
    private static final byte[] SEQUENCE = ascii("\",\"sequence\":");
    private static final byte[] GLOBAL_POSITION = ascii(",\"globalPosition\":");
    private static final byte[] OCCURRED_AT = ascii(",\"occurredAt\":\"");
    private static final byte[] RECORDED_AT = ascii("\",\"recordedAt\":\"");
    private static final byte[] ACTOR = ascii("\",\"actor\":");
    private static final byte[] METADATA = ascii(",\"metadata\":{");
    private static final byte[] PAYLOAD = ascii("},\"payload\":");

    private final RelaySettings settings;
    private final JsonMapper json;
    private final Serializer storeSerializer;
    /** The mapper's way with strings; null when it is not one written by hand here: every record the slow way. */
    private final JsonStrings strings;
    /** Per type, what comes between the event id and the issue id: {@code ","type":"…","version":1,"issueId":"}. */
    private final Map<EventType, byte[]> typeFields = new EnumMap<>(EventType.class);
    private final Map<EventType, byte[]> typeHeaders = new EnumMap<>(EventType.class);
    private final Map<EventType, byte[]> versionHeaders = new EnumMap<>(EventType.class);

    /** @param storeSerializer the event store's serializer: a message it read hands over its stored form as is */
    IssueEventRecords(RelaySettings settings, JsonMapper json, @Qualifier("eventSerializer") Serializer storeSerializer) {
        this.settings = settings;
        this.json = json;
        this.storeSerializer = storeSerializer;
        this.strings = JsonStrings.of(json);
        for (EventType type : EventType.values()) {
            typeFields.put(type, (("\",\"type\":" + json.writeValueAsString(type.wireName()) + ",\"version\":"
                    + type.version() + ",\"issueId\":\"")).getBytes(StandardCharsets.UTF_8));
            typeHeaders.put(type, type.wireName().getBytes(StandardCharsets.UTF_8));
            versionHeaders.put(type, Integer.toString(type.version()).getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Whether the message is an issue event (and so goes to the topic), known without deserializing it. */
    static boolean isIssueEvent(EventMessage<?> message) {
        return IssueEvent.class.isAssignableFrom(message.getPayloadType());
    }

    /**
     * The record of a stored issue event, from its stored form when it can be ({@link #isIssueEvent} must hold).
     *
     * @param sequence       the event's sequence within its issue
     * @param globalPosition the event store's global index of the event
     */
    ProducerRecord<String, byte[]> of(EventMessage<?> message, long sequence, long globalPosition) {
        EventType type = EventType.ofJavaType(message.getPayloadType());
        Stored stored = type == null ? null : stored(message);
        if (stored == null) {
            return of((IssueEvent) message.getPayload(), message, sequence, globalPosition);
        }
        String sequenceText = Long.toString(sequence);
        String positionText = Long.toString(globalPosition);
        // ISO_INSTANT's text (Instant#toString), written by hand as the stored payloads' instants are.
        byte[] value = envelope(stored, type, sequenceText, positionText, InstantText.of(message.getTimestamp()), message);
        return record(stored.payload.issueId(), value, stored.eventIdBytes, type, sequenceText, positionText);
    }

    /**
     * The envelope's bytes, as the mapper would write the envelope record: the fields in their order, the metadata
     * as strings in the order of their keys (a {@code TreeMap}'s), the payload and the actor as stored.
     */
    private byte[] envelope(Stored stored, EventType type, String sequence, String position, String recordedAt,
                            EventMessage<?> message) {
        StoredPayload payload = stored.payload;
        byte[] in = payload.json;
        byte[] metadata = stored.metadata;
        int[] pairs = stored.metadataPairs;
        Map.Entry<String, ?>[] entries = null;
        String[] values = null;
        int metadataLength;
        if (pairs != null) {
            metadataLength = Math.max(0, pairs.length / 4 - 1);
            for (int i = 0; i < pairs.length; i += 4) {
                metadataLength += pairs[i + 1] - pairs[i] + pairs[i + 3] - pairs[i + 2] + 5;
            }
        } else {
            // Metadata in another form (a value not a string, a key beyond ASCII …): the message's map, each value as
            // its String.valueOf, written as the mapper writes strings.
            entries = sortedEntries(message.getMetaData());
            values = new String[entries.length];
            metadataLength = Math.max(0, entries.length - 1);
            for (int i = 0; i < entries.length; i++) {
                values[i] = String.valueOf(entries[i].getValue());
                metadataLength += strings.length(entries[i].getKey()) + strings.length(values[i]) + 5;
            }
        }
        byte[] typeBytes = typeFields.get(type);
        int occurredAtLength = payload.occurredAtEnd - payload.occurredAtStart;
        int actorLength = payload.actorEnd - payload.actorStart;
        byte[] out = new byte[EVENT_ID.length + 36 + typeBytes.length + 36 + SEQUENCE.length
                + sequence.length() + GLOBAL_POSITION.length + position.length() + OCCURRED_AT.length
                + occurredAtLength + RECORDED_AT.length + strings.length(recordedAt) + ACTOR.length + actorLength
                + METADATA.length + metadataLength + PAYLOAD.length + in.length + 1];
        int at = put(EVENT_ID, out, 0);
        at = put(stored.eventIdBytes, out, at);
        at = put(typeBytes, out, at);
        at = copy(in, payload.issueId, payload.issueId + 36, out, at);
        at = put(SEQUENCE, out, at);
        at = putAscii(sequence, out, at);
        at = put(GLOBAL_POSITION, out, at);
        at = putAscii(position, out, at);
        at = put(OCCURRED_AT, out, at);
        at = copy(in, payload.occurredAtStart, payload.occurredAtEnd, out, at);
        at = put(RECORDED_AT, out, at);
        at = strings.write(recordedAt, out, at);
        at = put(ACTOR, out, at);
        at = copy(in, payload.actorStart, payload.actorEnd, out, at);
        at = put(METADATA, out, at);
        if (pairs != null) {
            for (int i = 0; i < pairs.length; i += 4) {
                if (i > 0) {
                    out[at++] = ',';
                }
                out[at++] = '"';
                at = copy(metadata, pairs[i], pairs[i + 1], out, at);
                out[at++] = '"';
                out[at++] = ':';
                out[at++] = '"';
                at = copy(metadata, pairs[i + 2], pairs[i + 3], out, at);
                out[at++] = '"';
            }
        } else {
            for (int i = 0; i < entries.length; i++) {
                if (i > 0) {
                    out[at++] = ',';
                }
                out[at++] = '"';
                at = strings.write(entries[i].getKey(), out, at);
                out[at++] = '"';
                out[at++] = ':';
                out[at++] = '"';
                at = strings.write(values[i], out, at);
                out[at++] = '"';
            }
        }
        at = put(PAYLOAD, out, at);
        at = put(in, out, at);
        out[at++] = '}';
        if (at != out.length) {
            throw new IllegalStateException("Envelope of " + at + " bytes, " + out.length + " expected");
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map.Entry<String, ?>[] sortedEntries(Map<String, ?> metadata) {
        Map.Entry<String, ?>[] entries = metadata.entrySet().toArray(new Map.Entry[0]);
        Arrays.sort(entries, BY_KEY);
        return entries;
    }

    /**
     * The record written from the deserialized event through the {@link EventEnvelope} record: the definition of
     * the format, and the way for an event whose stored form is not in the usual shape.
     */
    ProducerRecord<String, byte[]> of(IssueEvent event, EventMessage<?> message, long sequence, long globalPosition) {
        EventType type = EventType.of(event);
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(message.getIdentifier()), type.wireName(),
                type.version(), event.issueId(), sequence, globalPosition, event.occurredAt(),
                message.getTimestamp(), event.actor(), asStrings(message.getMetaData()), event);
        // The mapper's text encoded as the String serializer of the record's value did: the definition of the bytes.
        return record(event.issueId().toString(), json.writeValueAsString(envelope).getBytes(StandardCharsets.UTF_8),
                message.getIdentifier().getBytes(StandardCharsets.UTF_8), type, Long.toString(sequence),
                Long.toString(globalPosition));
    }

    private ProducerRecord<String, byte[]> record(String issueId, byte[] value, byte[] eventId, EventType type,
                                                  String sequence, String globalPosition) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventEnvelope.HEADER_EVENT_ID, eventId);
        // Shared by every record of the type: the producer only reads a header's bytes.
        headers.add(EventEnvelope.HEADER_EVENT_TYPE, typeHeaders.get(type));
        headers.add(EventEnvelope.HEADER_EVENT_VERSION, versionHeaders.get(type));
        headers.add(EventEnvelope.HEADER_ISSUE_SEQUENCE, sequence.getBytes(StandardCharsets.UTF_8));
        headers.add(EventEnvelope.HEADER_GLOBAL_POSITION, globalPosition.getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(settings.topic(), null, issueId, value, headers);
    }

    /**
     * What the envelope takes from the stored form: the event id's bytes, the payload as stored, read, and
     * the metadata as stored with its pairs in key order (null when they are not in the plain form, see
     * {@link StoredPayload#metadata}).
     */
    record Stored(byte[] eventIdBytes, StoredPayload payload, byte[] metadata, int[] metadataPairs) {
    }

    /** The stored form's parts, or null when it is not in the shape whose envelope is known to be the same text. */
    Stored stored(EventMessage<?> message) {
        String eventId = message.getIdentifier();
        if (strings == null || eventId == null || eventId.length() != 36) {
            return null;
        }
        byte[] eventIdBytes = eventId.getBytes(StandardCharsets.ISO_8859_1);
        if (!StoredPayload.canonical(eventIdBytes, 0)) {
            return null;
        }
        StoredPayload payload = StoredPayload.read(message.serializePayload(storeSerializer, byte[].class).getData(),
                strings);
        if (payload == null) {
            return null;
        }
        // The metadata as stored, rather than the message's map: the pairs are copied as they are, in key order, and
        // the map is never built (a handled event gets no correlation data, so nothing else asks for it).
        byte[] metadata = message.serializeMetaData(storeSerializer, byte[].class).getData();
        return new Stored(eventIdBytes, payload, metadata, StoredPayload.metadata(metadata, strings));
    }

    /** A UUID as {@link UUID#toString()} writes it (lower-case hex, 8-4-4-4-12): what the envelope's UUID fields hold. */
    static boolean canonical(String uuid) {
        return uuid != null && uuid.length() == 36 && StoredPayload.canonical(uuid.getBytes(StandardCharsets.ISO_8859_1), 0);
    }

    /**
     * Whether the text is an instant as the envelope writes one: {@link DateTimeFormatter#ISO_INSTANT}'s form, a year
     * of four digits, UTC, and a fraction of 0, 3, 6 or 9 digits whose last three are not all zero. Checked by its
     * characters: parsing and formatting every event's time again was a tenth of the relay's CPU. The stored text was
     * written from an {@code Instant}, so a field of it out of range (a 13th month) does not occur.
     */
    static boolean isoInstant(String text) {
        return text != null && StoredPayload.isoInstant(text.getBytes(StandardCharsets.ISO_8859_1), 0, text.length());
    }

    private static int put(byte[] bytes, byte[] out, int at) {
        System.arraycopy(bytes, 0, out, at, bytes.length);
        return at + bytes.length;
    }

    private static int copy(byte[] from, int start, int end, byte[] out, int at) {
        System.arraycopy(from, start, out, at, end - start);
        return at + end - start;
    }

    /** Digits (a sign). */
    private static int putAscii(String text, byte[] out, int at) {
        for (int i = 0; i < text.length(); i++) {
            out[at++] = (byte) text.charAt(i);
        }
        return at;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static Map<String, String> asStrings(Map<String, ?> metadata) {
        Map<String, String> strings = new TreeMap<>();
        metadata.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }
}
