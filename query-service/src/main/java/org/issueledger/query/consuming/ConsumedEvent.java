package org.issueledger.query.consuming;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;

/**
 * One event read from {@code issue-events}, checked and typed, as every projection receives it.
 *
 * @param payloadText  the payload exactly as it came over the wire, for read models that keep it verbatim
 * @param metadataText the metadata exactly as it came over the wire when it holds only strings (the same map as
 *                     {@code metadata}), else null: then whoever needs it as JSON writes it from the map
 */
public record ConsumedEvent(UUID eventId, EventType type, int version, UUID issueId, long sequence,
                            long globalPosition, Instant occurredAt, Instant recordedAt, String actor,
                            Map<String, String> metadata, IssueEvent payload, JsonText payloadText,
                            JsonText metadataText) {

    /** An event whose payload and metadata are known as text. */
    public ConsumedEvent(UUID eventId, EventType type, int version, UUID issueId, long sequence, long globalPosition,
                         Instant occurredAt, Instant recordedAt, String actor, Map<String, String> metadata,
                         IssueEvent payload, String payloadJson, String metadataJson) {
        this(eventId, type, version, issueId, sequence, globalPosition, occurredAt, recordedAt, actor, metadata,
                payload, JsonText.of(payloadJson), JsonText.of(metadataJson));
    }

    /** An event whose metadata is known only as a map. */
    public ConsumedEvent(UUID eventId, EventType type, int version, UUID issueId, long sequence, long globalPosition,
                         Instant occurredAt, Instant recordedAt, String actor, Map<String, String> metadata,
                         IssueEvent payload, String payloadJson) {
        this(eventId, type, version, issueId, sequence, globalPosition, occurredAt, recordedAt, actor, metadata,
                payload, JsonText.of(payloadJson), null);
    }

    /** The payload exactly as it came over the wire. */
    public String payloadJson() {
        return payloadText == null ? null : payloadText.text();
    }

    /** The metadata exactly as it came over the wire when it holds only strings, else null. */
    public String metadataJson() {
        return metadataText == null ? null : metadataText.text();
    }

    public String correlationId() {
        return metadata.get(EventEnvelope.META_CORRELATION_ID);
    }

    public String sourceSystem() {
        return metadata.get(EventEnvelope.META_SOURCE_SYSTEM);
    }
}
