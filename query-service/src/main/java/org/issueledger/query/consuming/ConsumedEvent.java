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
 * @param payloadJson the payload exactly as it came over the wire, for read models that keep it verbatim
 */
public record ConsumedEvent(UUID eventId, EventType type, int version, UUID issueId, long sequence,
                            long globalPosition, Instant occurredAt, Instant recordedAt, String actor,
                            Map<String, String> metadata, IssueEvent payload, String payloadJson) {

    public String correlationId() {
        return metadata.get(EventEnvelope.META_CORRELATION_ID);
    }

    public String sourceSystem() {
        return metadata.get(EventEnvelope.META_SOURCE_SYSTEM);
    }
}
