package org.issueledger.query.consuming;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns the JSON value of a Kafka record into a {@link ConsumedEvent}, or says precisely why it cannot.
 *
 * <p>{@link EventEnvelope#payload()} is declared as the sealed {@code IssueEvent} with no type id inside the
 * payload, so the envelope cannot be bound in one go: the wire name and version pick the record class, and
 * only then is the payload bound to it.
 */
@Component
public class EnvelopeReader {

    private static final TypeReference<Map<String, String>> METADATA = new TypeReference<>() {
    };

    private final JsonMapper json;

    EnvelopeReader(JsonMapper json) {
        // A tolerant reader: producers may add fields, and may send null where a number is absent.
        this.json = json.rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    public ConsumedEvent read(byte[] value) throws UnreadableRecord {
        if (value == null) {
            throw new UnreadableRecord("record has no value");
        }
        JsonNode envelope;
        try {
            envelope = json.readTree(value);
        } catch (JacksonException e) {
            throw new UnreadableRecord("value is not JSON", e);
        }
        if (envelope == null || !envelope.isObject()) {
            throw new UnreadableRecord("value is not a JSON object");
        }

        String typeName = text(envelope, "type");
        EventType type = EventType.byWireName(typeName)
                .orElseThrow(() -> new UnreadableRecord("unknown event type '" + typeName + "'"));
        long version = number(envelope, "version");
        if (version != type.version()) {
            throw new UnreadableRecord("unsupported version " + version + " of " + typeName
                    + " (this service reads version " + type.version() + ")");
        }

        UUID issueId = value(envelope, "issueId", UUID.class);
        IssueEvent payload = payload(envelope, type);
        if (!issueId.equals(payload.issueId())) {
            throw new UnreadableRecord("payload issueId " + payload.issueId() + " differs from envelope issueId " + issueId);
        }
        return new ConsumedEvent(
                value(envelope, "eventId", UUID.class),
                type,
                type.version(),
                issueId,
                number(envelope, "sequence"),
                number(envelope, "globalPosition"),
                value(envelope, "occurredAt", Instant.class),
                value(envelope, "recordedAt", Instant.class),
                optionalText(envelope, "actor"),
                metadata(envelope),
                payload,
                json.writeValueAsString(envelope.get("payload")));
    }

    private IssueEvent payload(JsonNode envelope, EventType type) throws UnreadableRecord {
        JsonNode node = envelope.get("payload");
        if (node == null || !node.isObject()) {
            throw new UnreadableRecord("field 'payload' is missing or not an object");
        }
        try {
            return json.treeToValue(node, type.javaType());
        } catch (JacksonException e) {
            throw new UnreadableRecord("payload is not a valid " + type.wireName(), e);
        }
    }

    private Map<String, String> metadata(JsonNode envelope) throws UnreadableRecord {
        JsonNode node = envelope.get("metadata");
        if (node == null || node.isNull()) {
            return Map.of();
        }
        try {
            Map<String, String> metadata = json.treeToValue(node, METADATA);
            return metadata == null ? Map.of() : metadata;
        } catch (JacksonException e) {
            throw new UnreadableRecord("field 'metadata' is not an object of strings", e);
        }
    }

    private <T> T value(JsonNode envelope, String field, Class<T> type) throws UnreadableRecord {
        JsonNode node = envelope.get(field);
        if (node == null || node.isNull()) {
            throw new UnreadableRecord("field '" + field + "' is missing");
        }
        try {
            return json.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new UnreadableRecord("field '" + field + "' is not a valid " + type.getSimpleName(), e);
        }
    }

    private static long number(JsonNode envelope, String field) throws UnreadableRecord {
        JsonNode node = envelope.get(field);
        if (node == null || !node.isIntegralNumber() || !node.canConvertToLong()) {
            throw new UnreadableRecord("field '" + field + "' is missing or not an integer");
        }
        return node.longValue();
    }

    private static String text(JsonNode envelope, String field) throws UnreadableRecord {
        String text = optionalText(envelope, field);
        if (text == null) {
            throw new UnreadableRecord("field '" + field + "' is missing or not a string");
        }
        return text;
    }

    private static String optionalText(JsonNode envelope, String field) {
        JsonNode node = envelope.get(field);
        return node != null && node.isString() ? node.stringValue() : null;
    }
}
