package org.issueledger.query.consuming;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.InstantText;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.sla.SlaPolicy;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * Turns the JSON value of a Kafka record into a {@link ConsumedEvent}, or says precisely why it cannot.
 *
 * <p>{@link EventEnvelope#payload()} is declared as the sealed {@code IssueEvent} with no type id inside the
 * payload, so the envelope cannot be bound in one go: the wire name and version pick the record class, and
 * only then is the payload bound to it.
 *
 * <p>Read in one pass over the bytes, without a tree: decoding was half of a rebuild's CPU when the envelope was
 * first read as a tree and every field then bound from it. The relay writes {@code type} before {@code payload}, so
 * the payload is bound straight from the stream to its record class; only an envelope that names its type after its
 * payload takes the slower way through a tree. The payload's and the metadata's JSON are kept as the very bytes of
 * the record, for the audit trail, instead of being written out again.
 */
@Component
public class EnvelopeReader {

    private final JsonMapper json;
    private final Map<EventType, ObjectReader> payloadReaders = new EnumMap<>(EventType.class);

    EnvelopeReader(JsonMapper json) {
        // A tolerant reader: producers may add fields, and may send null where a number is absent.
        JsonMapper tolerant = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                // Values are bound from inside the envelope, which goes on after them; read() checks the envelope's
                // own end.
                .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .addModule(new SimpleModule("relay-instants").addDeserializer(Instant.class, new RelayInstants()))
                .build();
        this.json = tolerant.rebuild()
                .addModule(new SimpleModule("repeated-policies")
                        .addDeserializer(SlaPolicy.class, new RepeatedPolicies(tolerant.readerFor(SlaPolicy.class))))
                .build();
        for (EventType type : EventType.values()) {
            ObjectReader reader = this.json.readerFor(type.javaType());
            // The policy's deserializer finds the policy's JSON in the record's bytes.
            payloadReaders.put(type, type == EventType.SLA_POLICY_ATTACHED ? reader.withAttribute(SOURCE, SOURCE)
                    : reader);
        }
    }

    public ConsumedEvent read(byte[] value) throws UnreadableRecord {
        if (value == null) {
            throw new UnreadableRecord("record has no value");
        }
        Fields fields = new Fields();
        try (JsonParser parser = json.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new UnreadableRecord("value is not a JSON object");
            }
            String name;
            while ((name = parser.nextName()) != null) {
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "eventId" -> fields.eventId = uuid(parser, token, name);
                    case "type" -> fields.type = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "version" -> fields.version = integer(parser, token);
                    case "issueId" -> fields.issueId = uuid(parser, token, name);
                    case "sequence" -> fields.sequence = integer(parser, token);
                    case "globalPosition" -> fields.globalPosition = integer(parser, token);
                    case "occurredAt" -> fields.occurredAt = instant(parser, token, name);
                    case "recordedAt" -> fields.recordedAt = instant(parser, token, name);
                    case "actor" -> fields.actor = token == JsonToken.VALUE_STRING ? parser.getString() : null;
                    case "metadata" -> metadata(parser, token, value, fields);
                    case "payload" -> payload(parser, token, value, fields);
                    default -> parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new UnreadableRecord("value is not JSON: more than one value");
            }
        } catch (JacksonException e) {
            throw new UnreadableRecord("value is not JSON", e);
        }
        return fields.event();
    }

    private static UUID uuid(JsonParser parser, JsonToken token, String field) throws UnreadableRecord {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        try {
            if (token == JsonToken.VALUE_STRING) {
                return UUID.fromString(parser.getString());
            }
        } catch (IllegalArgumentException e) {
            throw new UnreadableRecord("field '" + field + "' is not a valid UUID", e);
        }
        throw new UnreadableRecord("field '" + field + "' is not a valid UUID");
    }

    /** Null when absent or not an integer: {@link Fields#number} names the field then. */
    private static Long integer(JsonParser parser, JsonToken token) {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            parser.skipChildren();
            return null;
        }
        JsonParser.NumberType type = parser.getNumberType();
        return type == JsonParser.NumberType.BIG_INTEGER ? null : parser.getLongValue();
    }

    private Instant instant(JsonParser parser, JsonToken token, String field) throws UnreadableRecord {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getString();
            Instant relays = InstantText.parse(text);
            if (relays != null) {
                return relays;
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                // Not the relay's ISO form: let Jackson try what else it accepts, as the tree-based reader did.
            }
        }
        try {
            return json.readValue(parser, Instant.class);
        } catch (JacksonException e) {
            throw new UnreadableRecord("field '" + field + "' is not a valid Instant", e);
        }
    }

    /**
     * The metadata as a map of strings, and its JSON as the record holds it when every value is a string (what the
     * relay sends); otherwise (numbers or booleans coerced to text) the JSON is left to be written from the map.
     */
    private static void metadata(JsonParser parser, JsonToken token, byte[] value, Fields fields)
            throws UnreadableRecord {
        if (token == JsonToken.VALUE_NULL) {
            fields.metadata = Map.of();
            fields.metadataJson = null;
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new UnreadableRecord("field 'metadata' is not an object of strings");
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        SmallStringMap.Builder metadata = new SmallStringMap.Builder();
        boolean verbatim = true;
        String key;
        while ((key = parser.nextName()) != null) {
            JsonToken entry = parser.nextToken();
            if (entry == JsonToken.VALUE_STRING || entry == JsonToken.VALUE_NULL) {
                metadata.put(key, entry == JsonToken.VALUE_NULL ? null : parser.getString());
            } else if (entry.isScalarValue()) {
                metadata.put(key, parser.getValueAsString());
                verbatim = false;
            } else {
                throw new UnreadableRecord("field 'metadata' is not an object of strings");
            }
        }
        int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
        fields.metadata = metadata.build();
        fields.metadataJson = verbatim && start >= 0 ? JsonText.slice(value, start, end) : null;
    }

    private void payload(JsonParser parser, JsonToken token, byte[] value, Fields fields) throws UnreadableRecord {
        if (token != JsonToken.START_OBJECT) {
            parser.skipChildren();
            throw new UnreadableRecord("field 'payload' is missing or not an object");
        }
        int start = (int) parser.currentTokenLocation().getByteOffset();
        EventType type = fields.checkedType();
        if (type != null) {
            try {
                ObjectReader reader = payloadReaders.get(type);
                if (reader.getAttributes().getAttribute(SOURCE) != null) {
                    reader = reader.withAttribute(SOURCE, value);
                }
                fields.payload = reader.readValue(parser);
            } catch (JacksonException e) {
                throw new UnreadableRecord("payload is not a valid " + type.wireName(), e);
            }
        } else {
            // The type comes later in this envelope: keep the payload until it is known.
            fields.payloadTree = json.readTree(parser);
        }
        int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
        fields.payloadJson = start >= 0 ? JsonText.slice(value, start, end) : null;
    }

    /** The payloads' instants: the relay's form read by hand ({@link InstantText#parse}), any other as Jackson reads it. */
    private static final class RelayInstants extends ValueDeserializer<Instant> {

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() == JsonToken.VALUE_STRING) {
                Instant relays = InstantText.parse(parser.getString());
                if (relays != null) {
                    return relays;
                }
            }
            return InstantDeserializer.INSTANT.deserialize(parser, context);
        }
    }

    /** The attribute under which a payload's reader is given the record's bytes (see {@link RepeatedPolicies}). */
    private static final Object SOURCE = new Object();

    /**
     * An SLA policy bound once per distinct JSON text instead of once per issue: every issue carries a snapshot of
     * the policy in force (SlaPolicyAttached), nearly always the same few versions, and binding one (a map of
     * targets with durations, a calendar of weekdays with times of day) was a third of a rebuild's decoding. The
     * same bytes bind to an equal policy, and a policy is immutable, so one instance serves every event that carries
     * those bytes. Anything but a policy object inside the record's bytes is bound as before.
     */
    private static final class RepeatedPolicies extends ValueDeserializer<SlaPolicy> {

        /** More distinct policies than this in one service's life is not the case it is made for: then forgotten. */
        private static final int KEPT = 256;

        private final ObjectReader policies;
        private final Map<PolicyText, SlaPolicy> bound = new ConcurrentHashMap<>();

        RepeatedPolicies(ObjectReader policies) {
            this.policies = policies;
        }

        @Override
        public SlaPolicy deserialize(JsonParser parser, DeserializationContext context) {
            if (!(context.getAttribute(SOURCE) instanceof byte[] source)
                    || parser.currentToken() != JsonToken.START_OBJECT) {
                return policies.treeToValue(context.readTree(parser), SlaPolicy.class);
            }
            int start = (int) parser.currentTokenLocation().getByteOffset();
            parser.skipChildren();
            int end = (int) parser.currentTokenLocation().getByteOffset() + 1;
            if (start < 0 || end <= start || end > source.length) {
                throw new IllegalStateException("policy's place in the record is not known");
            }
            PolicyText text = new PolicyText(source, start, end);
            SlaPolicy policy = bound.get(text);
            if (policy == null) {
                policy = policies.readValue(source, start, end - start);
                if (bound.size() >= KEPT) {
                    bound.clear();
                }
                bound.put(text.copy(), policy);
            }
            return policy;
        }
    }

    /** A range of bytes as a key: equal when the bytes are. */
    private static final class PolicyText {

        private final byte[] bytes;
        private final int start;
        private final int end;
        private final int hash;

        PolicyText(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.start = start;
            this.end = end;
            int h = 1;
            for (int i = start; i < end; i++) {
                h = 31 * h + bytes[i];
            }
            this.hash = h;
        }

        PolicyText copy() {
            return new PolicyText(Arrays.copyOfRange(bytes, start, end), 0, end - start);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof PolicyText that && hash == that.hash
                    && Arrays.equals(bytes, start, end, that.bytes, that.start, that.end);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** The envelope's fields as read so far. */
    private final class Fields {
        UUID eventId;
        String type;
        Long version;
        UUID issueId;
        Long sequence;
        Long globalPosition;
        Instant occurredAt;
        Instant recordedAt;
        String actor;
        Map<String, String> metadata = Map.of();
        JsonText metadataJson;
        IssueEvent payload;
        JsonNode payloadTree;
        JsonText payloadJson;

        /** The type and version once both are read (null before), refused as soon as they are known to be wrong. */
        EventType checkedType() throws UnreadableRecord {
            if (type == null || version == null) {
                return null;
            }
            return resolved();
        }

        private EventType resolved() throws UnreadableRecord {
            if (type == null) {
                throw new UnreadableRecord("field 'type' is missing or not a string");
            }
            String typeName = type;
            EventType known = EventType.byWireName(typeName)
                    .orElseThrow(() -> new UnreadableRecord("unknown event type '" + typeName + "'"));
            long number = number(version, "version");
            if (number != known.version()) {
                throw new UnreadableRecord("unsupported version " + number + " of " + typeName
                        + " (this service reads version " + known.version() + ")");
            }
            return known;
        }

        ConsumedEvent event() throws UnreadableRecord {
            EventType known = resolved();
            UUID issue = required(issueId, "issueId");
            if (payload == null) {
                if (payloadTree == null) {
                    throw new UnreadableRecord("field 'payload' is missing or not an object");
                }
                try {
                    payload = json.treeToValue(payloadTree, known.javaType());
                } catch (JacksonException e) {
                    throw new UnreadableRecord("payload is not a valid " + known.wireName(), e);
                }
            }
            if (!issue.equals(payload.issueId())) {
                throw new UnreadableRecord("payload issueId " + payload.issueId() + " differs from envelope issueId "
                        + issue);
            }
            return new ConsumedEvent(
                    required(eventId, "eventId"),
                    known,
                    known.version(),
                    issue,
                    number(sequence, "sequence"),
                    number(globalPosition, "globalPosition"),
                    required(occurredAt, "occurredAt"),
                    required(recordedAt, "recordedAt"),
                    actor,
                    metadata,
                    payload,
                    payloadJson != null ? payloadJson : JsonText.of(json.writeValueAsString(payload)),
                    metadataJson);
        }

        private static <T> T required(T value, String field) throws UnreadableRecord {
            if (value == null) {
                throw new UnreadableRecord("field '" + field + "' is missing");
            }
            return value;
        }

        private static long number(Long value, String field) throws UnreadableRecord {
            if (value == null) {
                throw new UnreadableRecord("field '" + field + "' is missing or not an integer");
            }
            return value;
        }
    }
}
