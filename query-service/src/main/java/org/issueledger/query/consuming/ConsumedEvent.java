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
 * @param payloadJson  the payload exactly as it came over the wire, for read models that keep it verbatim
 * @param metadataJson the metadata exactly as it came over the wire when it holds only strings (the same map as
 *                     {@code metadata}), else null: then whoever needs it as JSON writes it from the map
 */
public record ConsumedEvent(UUID eventId, EventType type, int version, UUID issueId, long sequence,
                            long globalPosition, Instant occurredAt, Instant recordedAt, String actor,
                            Map<String, String> metadata, IssueEvent payload, String payloadJson,
                            String metadataJson) {

    /** An event whose metadata is known only as a map. */
    public ConsumedEvent(UUID eventId, EventType type, int version, UUID issueId, long sequence, long globalPosition,
                         Instant occurredAt, Instant recordedAt, String actor, Map<String, String> metadata,
                         IssueEvent payload, String payloadJson) {
        this(eventId, type, version, issueId, sequence, globalPosition, occurredAt, recordedAt, actor, metadata,
                payload, payloadJson, null);
    }

    public String correlationId() {
        return metadata.get(EventEnvelope.META_CORRELATION_ID);
    }

    public String sourceSystem() {
        return metadata.get(EventEnvelope.META_SOURCE_SYSTEM);
    }
}
