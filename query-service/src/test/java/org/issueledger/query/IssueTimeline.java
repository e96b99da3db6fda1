package org.issueledger.query;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueClosed;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEscalated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.consuming.ConsumedEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * One issue's events, numbered as the event store numbers them: sequence from 0 within the issue, global
 * position increasing across all issues of the test JVM, business time one minute apart.
 */
public final class IssueTimeline {

    public static final Instant START = Instant.parse("2026-11-21T10:00:00Z");
    private static final AtomicLong GLOBAL_POSITION = new AtomicLong();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final UUID issueId = UUID.randomUUID();
    private long sequence = -1;
    private Instant clock = START;

    public UUID issueId() {
        return issueId;
    }

    /** Business time of the next event. */
    public Instant tick() {
        clock = clock.plus(Duration.ofMinutes(1));
        return clock;
    }

    public EventEnvelope next(IssueEvent payload) {
        sequence++;
        EventType type = EventType.of(payload);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(EventEnvelope.META_COMMAND_ID, UUID.randomUUID().toString());
        metadata.put(EventEnvelope.META_CORRELATION_ID, "corr-" + issueId);
        metadata.put(EventEnvelope.META_CAUSATION_ID, UUID.randomUUID().toString());
        metadata.put(EventEnvelope.META_SOURCE_SYSTEM, "monitoring");
        return new EventEnvelope(UUID.randomUUID(), type.wireName(), type.version(), issueId, sequence,
                GLOBAL_POSITION.incrementAndGet(), payload.occurredAt(), payload.occurredAt().plusMillis(123),
                payload.actor(), metadata, payload);
    }

    public EventEnvelope created() {
        return next(new IssueCreated(issueId, "Disk full on db-7", "/var is at 100 %", "infrastructure", "storage",
                Priority.P2, "ops", "zabbix", tick(), "ana"));
    }

    public EventEnvelope assigned(String owner, String previousOwner, int reassignments) {
        return next(new OwnerAssigned(issueId, owner, previousOwner, reassignments, tick(), "ana"));
    }

    public EventEnvelope escalated(int level, int previousLevel) {
        return next(new IssueEscalated(issueId, level, previousLevel, "first response overdue", tick(), "system:sla"));
    }

    public EventEnvelope resolved() {
        return next(new IssueResolved(issueId, "FIXED", "Rotated logs, grew the volume", "KB-42", tick(), "bo"));
    }

    public EventEnvelope closed(Integer satisfaction) {
        return next(new IssueClosed(issueId, "DONE", satisfaction, tick(), "ana"));
    }

    /** The envelope's JSON, as the relay puts it on the topic. */
    public static byte[] json(EventEnvelope envelope) {
        return JSON.writeValueAsBytes(envelope);
    }

    /** What the consumer hands to the projections for this envelope. */
    public static ConsumedEvent consumed(EventEnvelope envelope) {
        return new ConsumedEvent(envelope.eventId(), EventType.byWireName(envelope.type()).orElseThrow(),
                envelope.version(), envelope.issueId(), envelope.sequence(), envelope.globalPosition(),
                envelope.occurredAt(), envelope.recordedAt(), envelope.actor(), envelope.metadata(),
                envelope.payload(), JSON.writeValueAsString(envelope.payload()));
    }
}
