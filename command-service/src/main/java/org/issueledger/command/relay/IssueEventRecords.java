package org.issueledger.command.relay;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

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
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one definition of an {@code issue-events} record: key, envelope and headers of a stored event. The
 * relay and a re-publish both build their records here, so a re-published record is byte for byte the
 * one the relay sent.
 *
 * <p>A record is built from the event's stored form: the payload's JSON as the event store holds it (after
 * Axon's upcasters, which run on the stored form before it reaches here) goes into the envelope as it is, and
 * the few envelope fields taken from the payload ({@code issueId}, {@code occurredAt}, {@code actor}) are read from
 * its stored JSON with a streaming parser. Reading the event back into its record and writing it out again was more
 * than half of the relay's CPU, and the relay is one thread that must keep pace with every request thread of the
 * service. The result is the same text the envelope record would give
 * ({@code RecordFromStoredFormTest} compares both for every event type); an event whose stored form is not in
 * the shape that guarantees it (an instant not in its ISO form, a character beyond U+FFFF …) is built the slow
 * way, from the deserialized event.
 */
@Component
class IssueEventRecords {

    private static final Map<Class<?>, EventType> TYPES = Arrays.stream(EventType.values())
            .collect(Collectors.toUnmodifiableMap(EventType::javaType, Function.identity()));

    private final RelaySettings settings;
    private final JsonMapper json;
    private final Serializer storeSerializer;

    /** @param storeSerializer the event store's serializer: a message it read hands over its stored form as is */
    IssueEventRecords(RelaySettings settings, JsonMapper json, @Qualifier("eventSerializer") Serializer storeSerializer) {
        this.settings = settings;
        this.json = json;
        this.storeSerializer = storeSerializer;
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
    ProducerRecord<String, String> of(EventMessage<?> message, long sequence, long globalPosition) {
        EventType type = TYPES.get(message.getPayloadType());
        Stored stored = type == null ? null : stored(message);
        if (stored == null) {
            return of((IssueEvent) message.getPayload(), message, sequence, globalPosition);
        }
        StringWriter value = new StringWriter(stored.payload.length() + 400);
        try (JsonGenerator out = json.createGenerator(value)) {
            out.writeStartObject();
            out.writeStringProperty("eventId", stored.eventId);
            out.writeStringProperty("type", type.wireName());
            out.writeNumberProperty("version", type.version());
            out.writeStringProperty("issueId", stored.issueId);
            out.writeNumberProperty("sequence", sequence);
            out.writeNumberProperty("globalPosition", globalPosition);
            out.writeStringProperty("occurredAt", stored.occurredAt);
            // ISO_INSTANT's text (Instant#toString), written by hand as the stored payloads' instants are.
            out.writeStringProperty("recordedAt", InstantText.of(message.getTimestamp()));
            if (stored.actor == null) {
                out.writeNullProperty("actor");
            } else {
                out.writeStringProperty("actor", stored.actor);
            }
            out.writeName("metadata");
            out.writeStartObject();
            for (Map.Entry<String, String> entry : stored.metadata.entrySet()) {
                out.writeStringProperty(entry.getKey(), entry.getValue());
            }
            out.writeEndObject();
            out.writeName("payload");
            out.writeRawValue(stored.payload);
            out.writeEndObject();
        }
        return record(stored.issueId, value.toString(), stored.eventId, type, sequence, globalPosition);
    }

    /**
     * The record written from the deserialized event through the {@link EventEnvelope} record: the definition of
     * the format, and the way for an event whose stored form is not in the usual shape.
     */
    ProducerRecord<String, String> of(IssueEvent event, EventMessage<?> message, long sequence, long globalPosition) {
        EventType type = EventType.of(event);
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(message.getIdentifier()), type.wireName(),
                type.version(), event.issueId(), sequence, globalPosition, event.occurredAt(),
                message.getTimestamp(), event.actor(), asStrings(message.getMetaData()), event);
        return record(event.issueId().toString(), json.writeValueAsString(envelope), message.getIdentifier(), type,
                sequence, globalPosition);
    }

    private ProducerRecord<String, String> record(String issueId, String value, String eventId, EventType type,
                                                  long sequence, long globalPosition) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, EventEnvelope.HEADER_EVENT_ID, eventId);
        header(headers, EventEnvelope.HEADER_EVENT_TYPE, type.wireName());
        header(headers, EventEnvelope.HEADER_EVENT_VERSION, Integer.toString(type.version()));
        header(headers, EventEnvelope.HEADER_ISSUE_SEQUENCE, Long.toString(sequence));
        header(headers, EventEnvelope.HEADER_GLOBAL_POSITION, Long.toString(globalPosition));
        return new ProducerRecord<>(settings.topic(), null, issueId, value, headers);
    }

    /** What the envelope takes from the stored form. */
    record Stored(String eventId, String issueId, String occurredAt, String actor, Map<String, String> metadata,
                  String payload) {
    }

    /** The stored form's parts, or null when it is not in the shape whose envelope is known to be the same text. */
    Stored stored(EventMessage<?> message) {
        String eventId = message.getIdentifier();
        if (!canonical(eventId)) {
            return null;
        }
        try {
            byte[] payload = message.serializePayload(storeSerializer, byte[].class).getData();
            if (escapedSurrogate(payload)) {
                return null;
            }
            // The metadata as the message has it: Axon deserializes it for every event it handles anyway (the
            // correlation data of the handler's result), so reading its stored JSON again would cost twice.
            Map<String, String> strings = asStrings(message.getMetaData());
            String issueId = null;
            String occurredAt = null;
            String actor = null;
            boolean actorSeen = false;
            try (JsonParser parser = json.createParser(payload)) {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                String name;
                while ((name = parser.nextName()) != null) {
                    JsonToken token = parser.nextToken();
                    switch (name) {
                        case "issueId" -> issueId = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                        case "occurredAt" -> occurredAt = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                        case "actor" -> {
                            if (token == JsonToken.VALUE_STRING) {
                                actor = parser.getString();
                                actorSeen = true;
                            } else if (token == JsonToken.VALUE_NULL) {
                                actorSeen = true;
                            } else {
                                return null;
                            }
                        }
                        default -> parser.skipChildren();
                    }
                }
            }
            if (!actorSeen || !canonical(issueId) || !isoInstant(occurredAt)) {
                return null;
            }
            return new Stored(eventId, issueId, occurredAt, actor, strings, new String(payload, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            return null;
        }
    }

    /**
     * Whether the JSON holds a character outside the Basic Multilingual Plane written as an escaped surrogate pair
     * ({@code \uD83D\uDE00}): the store's Jackson 2 writes those escaped, the envelope's Jackson 3 as UTF-8. Same
     * string to every reader, but not the same text, so such an event takes the slow way.
     */
    private static boolean escapedSurrogate(byte[] json) {
        for (int i = 0; i + 3 < json.length; i++) {
            if (json[i] == '\\' && json[i + 1] == 'u' && (json[i + 2] == 'D' || json[i + 2] == 'd')) {
                byte next = json[i + 3];
                if ((next >= '8' && next <= '9') || (next >= 'A' && next <= 'F') || (next >= 'a' && next <= 'f')) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A UUID as {@link UUID#toString()} writes it (lower-case hex, 8-4-4-4-12): what the envelope's UUID fields hold. */
    static boolean canonical(String uuid) {
        if (uuid == null || uuid.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = uuid.charAt(i);
            boolean ok = i == 8 || i == 13 || i == 18 || i == 23 ? c == '-' : (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text is an instant as the envelope writes one: {@link DateTimeFormatter#ISO_INSTANT}'s form, a year
     * of four digits, UTC, and a fraction of 0, 3, 6 or 9 digits whose last three are not all zero. Checked by its
     * characters: parsing and formatting every event's time again was a tenth of the relay's CPU. The stored text was
     * written from an {@code Instant}, so a field of it out of range (a 13th month) does not occur.
     */
    static boolean isoInstant(String text) {
        if (text == null) {
            return false;
        }
        int length = text.length();
        if (length != 20 && length != 24 && length != 27 && length != 30) {
            return false;
        }
        for (int i = 0; i < length - 1; i++) {
            char c = text.charAt(i);
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                case 19 -> c == '.';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return text.charAt(length - 1) == 'Z' && (length == 20 || !text.startsWith("000", length - 4));
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> asStrings(Map<String, ?> metadata) {
        Map<String, String> strings = new TreeMap<>();
        metadata.forEach((key, value) -> strings.put(key, String.valueOf(value)));
        return strings;
    }
}
