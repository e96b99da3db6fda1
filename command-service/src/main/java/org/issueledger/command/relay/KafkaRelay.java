package org.issueledger.command.relay;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Relays the event store, in global order, to topic {@code issue-events}, keyed by issue id so that
 * one issue's events stay ordered in one partition.
 *
 * <p>It runs in a streaming processor whose token lives in PostgreSQL. The handler waits for the
 * broker's acknowledgement; a failure propagates (see {@link RelayConfig}), the processor's unit of
 * work rolls back, and the token does not advance: the event is sent again later. Delivery is
 * therefore at-least-once, and consumers deduplicate on event id / issue sequence.
 */
@Component
@ProcessingGroup(KafkaRelay.PROCESSING_GROUP)
class KafkaRelay {

    static final String PROCESSING_GROUP = "kafka-relay";

    private final Producer<String, String> producer;
    private final TopicAdmin topicAdmin;
    private final RelaySettings settings;
    private final JsonMapper json;

    KafkaRelay(Producer<String, String> producer, TopicAdmin topicAdmin, RelaySettings settings, JsonMapper json) {
        this.producer = producer;
        this.topicAdmin = topicAdmin;
        this.settings = settings;
        this.json = json;
    }

    @EventHandler
    void on(IssueEvent event, EventMessage<?> message, @SequenceNumber long sequence, TrackingToken token)
            throws Exception {
        topicAdmin.ensureTopic();
        EventType type = EventType.of(event);
        long globalPosition = token.position().orElseThrow(
                () -> new IllegalStateException("Tracking token without a position: " + token));
        EventEnvelope envelope = new EventEnvelope(UUID.fromString(message.getIdentifier()), type.wireName(),
                type.version(), event.issueId(), sequence, globalPosition, event.occurredAt(),
                message.getTimestamp(), event.actor(), asStrings(message.getMetaData()), event);

        RecordHeaders headers = new RecordHeaders();
        header(headers, EventEnvelope.HEADER_EVENT_ID, message.getIdentifier());
        header(headers, EventEnvelope.HEADER_EVENT_TYPE, type.wireName());
        header(headers, EventEnvelope.HEADER_EVENT_VERSION, Integer.toString(type.version()));
        header(headers, EventEnvelope.HEADER_ISSUE_SEQUENCE, Long.toString(sequence));
        header(headers, EventEnvelope.HEADER_GLOBAL_POSITION, Long.toString(globalPosition));

        ProducerRecord<String, String> record = new ProducerRecord<>(settings.topic(), null,
                event.issueId().toString(), json.writeValueAsString(envelope), headers);
        // Blocking on the acknowledgement is what keeps the token behind the broker.
        producer.send(record).get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
