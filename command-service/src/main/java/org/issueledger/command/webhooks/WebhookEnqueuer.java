package org.issueledger.command.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.issueledger.command.config.ProcessorBatches;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaWarningReached;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Reads the event store in global order, in a tracking processor of its own ({@value #PROCESSING_GROUP},
 * token in PostgreSQL), and queues one delivery per matching subscription in the outbox.
 *
 * <p>Every row it writes joins the processor's transaction, the one that stores its token: an event is
 * either enqueued and passed, or neither, so a restart neither loses nor repeats one. Failures propagate
 * (see {@link WebhookConfig}) and the batch is retried; the outbox's unique (subscription, event) key
 * makes a retried or replayed event harmless. Nothing here talks to a receiver: a slow one cannot hold
 * the token back.
 */
@Component
@ProcessingGroup(WebhookEnqueuer.PROCESSING_GROUP)
class WebhookEnqueuer {

    static final String PROCESSING_GROUP = "webhooks";

    private final Outbox outbox;
    private final DeliveryBodies bodies;
    private final Clock clock;
    private final Serializer storeSerializer;
    /** The store's parsers, for reading the facts from a stored payload; null if the store is not Jackson's. */
    private final JsonFactory storedJson;

    WebhookEnqueuer(Outbox outbox, DeliveryBodies bodies, Clock clock,
                    @Qualifier("eventSerializer") Serializer storeSerializer) {
        this.outbox = outbox;
        this.bodies = bodies;
        this.clock = clock;
        this.storeSerializer = storeSerializer;
        this.storedJson = storeSerializer instanceof JacksonSerializer jackson
                ? jackson.getObjectMapper().getFactory() : null;
    }

    /**
     * Takes the message, not the event: the event is bound from its stored form only when a subscription is to get
     * it (or its reminder). Its facts are read from the stored JSON ({@link FactChange#read}), which the batch did
     * when it began.
     */
    @EventHandler(payloadType = IssueEvent.class)
    void on(EventMessage<?> message, @SequenceNumber long sequence, TrackingToken token) {
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("Tracking token without a position: " + token));
        EnqueueBatch batch = batch();
        FactChange change = batch.change(message.getIdentifier());
        if (change == null) {
            change = changeOf(message);
        }
        IssueFacts before = batch.facts(change.issueId());
        // A replayed event (processor reset) finds its facts already folded: fold once, enqueue idempotently.
        IssueFacts facts = before != null && sequence <= before.lastSequence() ? before
                : IssueFacts.fold(before, change, sequence, message.getTimestamp());
        if (facts != before) {
            batch.changed(facts);
        }
        Instant now = clock.instant();
        EventType type = change.type();
        List<UUID> subscribers = batch.subscribers().wanting(type.wireName(), facts.team(), facts.priority(), position);
        if (!subscribers.isEmpty()) {
            IssueEvent event = (IssueEvent) message.getPayload();
            DeliveryBodies.Event delivered = new DeliveryBodies.Event(message.getIdentifier(), type.wireName(),
                    type.version(), event.issueId(), sequence, position, event.occurredAt(), message.getTimestamp(),
                    event.actor(), message.getMetaData(), event);
            enqueue(batch, subscribers, delivered, message.getIdentifier(), facts, now);
        }

        if (type == EventType.SLA_WARNING_REACHED || type == EventType.SLA_BREACHED) {
            List<UUID> reminded = batch.subscribers().wanting(Reminders.TYPE, facts.team(), facts.priority(), position);
            if (reminded.isEmpty()) {
                return;
            }
            Object event = message.getPayload();
            DeliveryBodies.Event reminder;
            if (event instanceof SlaWarningReached warning) {
                reminder = Reminders.slaReminder(Reminders.Reason.SLA_WARNING, warning.clock(), warning.dueAt(),
                        message, sequence, position, warning, facts);
            } else {
                SlaBreached breach = (SlaBreached) event;
                reminder = Reminders.slaReminder(Reminders.Reason.SLA_BREACHED, breach.clock(), breach.dueAt(),
                        message, sequence, position, breach, facts);
            }
            enqueue(batch, reminded, reminder, "reminder:" + reminder.eventId(), facts, now);
        }
    }

    /**
     * The processor's batch (one unit of work, one transaction with the token): made at its first event with the
     * facts of every issue in it, written when it commits.
     */
    private EnqueueBatch batch() {
        return ProcessorBatches.current(EnqueueBatch.class, messages -> new EnqueueBatch(outbox, changesOf(messages)),
                EnqueueBatch::write);
    }

    /** The fact changes of the batch's issue events, by event id, in their order. */
    private Map<String, FactChange> changesOf(List<? extends Message<?>> messages) {
        Map<String, FactChange> changes = new LinkedHashMap<>();
        for (Message<?> message : messages) {
            if (message instanceof EventMessage<?> event && IssueEvent.class.isAssignableFrom(event.getPayloadType())) {
                changes.put(event.getIdentifier(), changeOf(event));
            }
        }
        return changes;
    }

    /** Read from the stored JSON when it can be, else from the bound event (which reads or refuses it as ever). */
    private FactChange changeOf(EventMessage<?> message) {
        EventType type = EventType.ofJavaType(message.getPayloadType());
        if (type != null && storedJson != null) {
            byte[] stored = storedPayload(message);
            FactChange change = stored == null ? null : FactChange.read(type, stored, storedJson);
            if (change != null) {
                return change;
            }
        }
        return FactChange.of((IssueEvent) message.getPayload());
    }

    /**
     * The payload's JSON as the store holds it (after Axon's upcasters). A message this processor got from the store
     * hands it over without binding the event ({@code SerializedMessage}: same serializer, converted to bytes); any
     * other message (one made in memory) would be serialized here, which gives the same JSON.
     */
    private byte[] storedPayload(EventMessage<?> message) {
        return message.serializePayload(storeSerializer, byte[].class).getData();
    }

    private void enqueue(EnqueueBatch batch, List<UUID> subscriptions, DeliveryBodies.Event event, String dedupKey,
                         IssueFacts facts, Instant now) {
        for (UUID subscription : subscriptions) {
            UUID deliveryId = UUID.randomUUID();
            batch.queue(new EnqueueBatch.Queued(deliveryId, subscription, dedupKey, event.type(), event.issueId(),
                    event.globalPosition(), bodies.render(deliveryId, subscription, event, facts), now));
        }
    }
}
