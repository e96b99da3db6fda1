package org.issueledger.command.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.eventhandling.EventMessage;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one definition of an {@code issue-events} record: key, envelope and headers of a stored event. The
 * relay and a re-publish both build their records here, so a re-published record is byte for byte the
 * one the relay sent.
 */
@Component
class IssueEventRecords {

    private final RelaySettings settings;
    private final JsonMapper json;

    IssueEventRecords(RelaySettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
    }

    /**
     * @param sequence       the event's sequence within its issue
     * @param globalPosition the event store's global index of the event
     */
    ProducerRecord<String, String> of(IssueEvent event, EventMessage<?> message, long sequence, long globalPosition) {
        EventType type = EventType.of(event);
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(message.getIdentifier()), type.wireName(),
                type.version(), event.issueId(), sequence, globalPosition, event.occurredAt(),
                message.getTimestamp(), event.actor(), asStrings(message.getMetaData()), event);

        RecordHeaders headers = new RecordHeaders();
        header(headers, EventEnvelope.HEADER_EVENT_ID, message.getIdentifier());
        header(headers, EventEnvelope.HEADER_EVENT_TYPE, type.wireName());
        header(headers, EventEnvelope.HEADER_EVENT_VERSION, Integer.toString(type.version()));
        header(headers, EventEnvelope.HEADER_ISSUE_SEQUENCE, Long.toString(sequence));
        header(headers, EventEnvelope.HEADER_GLOBAL_POSITION, Long.toString(globalPosition));

        return new ProducerRecord<>(settings.topic(), null, event.issueId().toString(),
                json.writeValueAsString(envelope), headers);
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
