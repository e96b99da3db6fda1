package org.issueledger.command.relay;

import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.Producer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.stereotype.Component;

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
    private final IssueEventRecords records;
    private final RelaySettings settings;

    KafkaRelay(Producer<String, String> producer, TopicAdmin topicAdmin, IssueEventRecords records,
               RelaySettings settings) {
        this.producer = producer;
        this.topicAdmin = topicAdmin;
        this.records = records;
        this.settings = settings;
    }

    @EventHandler
    void on(IssueEvent event, EventMessage<?> message, @SequenceNumber long sequence, TrackingToken token)
            throws Exception {
        topicAdmin.ensureTopic();
        long globalPosition = token.position().orElseThrow(
                () -> new IllegalStateException("Tracking token without a position: " + token));
        // Blocking on the acknowledgement is what keeps the token behind the broker.
        producer.send(records.of(event, message, sequence, globalPosition))
                .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }
}
