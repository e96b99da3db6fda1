package org.issueledger.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.issue.IssueEvent;

/**
 * The JSON value of a record on topic {@value #TOPIC} (key = issue id, so one issue's events stay in
 * order in one partition).
 *
 * @param eventId        unique per event; consumers deduplicate on it and on {@code sequence}
 * @param type           stable wire name, see {@link EventType}
 * @param sequence       the event's position within its issue, from 0, strictly increasing
 * @param globalPosition the event store's global index: a total order over all issues
 * @param occurredAt     business time
 * @param recordedAt     when the event store recorded it (the second time axis of the bitemporal log)
 * @param metadata       commandId, correlationId, causationId, sourceSystem …
 */
public record EventEnvelope(UUID eventId, String type, int version, UUID issueId, long sequence,
                            long globalPosition, Instant occurredAt, Instant recordedAt, String actor,
                            Map<String, String> metadata, IssueEvent payload) {

    public static final String TOPIC = "issue-events";

    /** Kafka header names; the values are UTF-8 strings. */
    public static final String HEADER_EVENT_ID = "event-id";
    public static final String HEADER_EVENT_TYPE = "event-type";
    public static final String HEADER_EVENT_VERSION = "event-version";
    public static final String HEADER_ISSUE_SEQUENCE = "issue-sequence";
    public static final String HEADER_GLOBAL_POSITION = "global-position";

    /** Metadata keys every command stamps and every event carries. */
    public static final String META_COMMAND_ID = "commandId";
    public static final String META_CORRELATION_ID = "correlationId";
    public static final String META_CAUSATION_ID = "causationId";
    public static final String META_SOURCE_SYSTEM = "sourceSystem";
}
