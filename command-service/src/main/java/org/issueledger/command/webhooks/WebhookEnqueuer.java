package org.issueledger.command.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaWarningReached;
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

    WebhookEnqueuer(Outbox outbox, DeliveryBodies bodies, Clock clock) {
        this.outbox = outbox;
        this.bodies = bodies;
        this.clock = clock;
    }

    @EventHandler
    void on(IssueEvent event, EventMessage<?> message, @SequenceNumber long sequence, TrackingToken token) {
        long position = token.position().orElseThrow(
                () -> new IllegalStateException("Tracking token without a position: " + token));
        IssueFacts before = outbox.facts(event.issueId()).orElse(null);
        // A replayed event (processor reset) finds its facts already folded: fold once, enqueue idempotently.
        IssueFacts facts = before != null && sequence <= before.lastSequence() ? before
                : IssueFacts.fold(before, event, sequence, message.getTimestamp());
        if (facts != before) {
            outbox.save(facts);
        }
        Instant now = clock.instant();
        EventType type = EventType.of(event);
        DeliveryBodies.Event delivered = new DeliveryBodies.Event(message.getIdentifier(), type.wireName(),
                type.version(), event.issueId(), sequence, position, event.occurredAt(), message.getTimestamp(),
                event.actor(), message.getMetaData(), event);
        enqueue(delivered, message.getIdentifier(), facts, now);

        if (event instanceof SlaWarningReached warning) {
            remind(Reminders.slaReminder(Reminders.Reason.SLA_WARNING, warning.clock(), warning.dueAt(), message,
                    sequence, position, event, facts), facts, now);
        } else if (event instanceof SlaBreached breach) {
            remind(Reminders.slaReminder(Reminders.Reason.SLA_BREACHED, breach.clock(), breach.dueAt(), message,
                    sequence, position, event, facts), facts, now);
        }
    }

    private void remind(DeliveryBodies.Event reminder, IssueFacts facts, Instant now) {
        enqueue(reminder, "reminder:" + reminder.eventId(), facts, now);
    }

    private void enqueue(DeliveryBodies.Event event, String dedupKey, IssueFacts facts, Instant now) {
        for (UUID subscription : outbox.subscribers(event.type(), facts.team(), facts.priority(), event.globalPosition())) {
            UUID deliveryId = UUID.randomUUID();
            outbox.enqueue(deliveryId, subscription, dedupKey, event.type(), event.issueId(), event.globalPosition(),
                    bodies.render(deliveryId, subscription, event, facts), now);
        }
    }
}
