package org.issueledger.command.webhooks;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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
        EnqueueBatch batch = batch();
        IssueFacts before = batch.facts(event.issueId());
        // A replayed event (processor reset) finds its facts already folded: fold once, enqueue idempotently.
        IssueFacts facts = before != null && sequence <= before.lastSequence() ? before
                : IssueFacts.fold(before, event, sequence, message.getTimestamp());
        if (facts != before) {
            batch.changed(facts);
        }
        Instant now = clock.instant();
        EventType type = EventType.of(event);
        DeliveryBodies.Event delivered = new DeliveryBodies.Event(message.getIdentifier(), type.wireName(),
                type.version(), event.issueId(), sequence, position, event.occurredAt(), message.getTimestamp(),
                event.actor(), message.getMetaData(), event);
        enqueue(batch, delivered, message.getIdentifier(), facts, now);

        if (event instanceof SlaWarningReached warning) {
            remind(batch, Reminders.slaReminder(Reminders.Reason.SLA_WARNING, warning.clock(), warning.dueAt(), message,
                    sequence, position, event, facts), facts, now);
        } else if (event instanceof SlaBreached breach) {
            remind(batch, Reminders.slaReminder(Reminders.Reason.SLA_BREACHED, breach.clock(), breach.dueAt(), message,
                    sequence, position, event, facts), facts, now);
        }
    }

    /**
     * The processor's batch (one unit of work, one transaction with the token): made at its first event with the
     * facts of every issue in it, written when it commits.
     */
    private EnqueueBatch batch() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(EnqueueBatch.class.getName(), key -> {
            EnqueueBatch batch = new EnqueueBatch(outbox, issuesOf(root));
            root.onPrepareCommit(committing -> batch.write());
            return batch;
        });
    }

    private static Set<UUID> issuesOf(UnitOfWork<?> root) {
        Set<UUID> issues = new LinkedHashSet<>();
        List<? extends Message<?>> messages = root instanceof BatchingUnitOfWork<?> batch ? batch.getMessages()
                : List.of(root.getMessage());
        for (Message<?> message : messages) {
            if (IssueEvent.class.isAssignableFrom(message.getPayloadType())) {
                issues.add(((IssueEvent) message.getPayload()).issueId());
            }
        }
        return issues;
    }

    private void remind(EnqueueBatch batch, DeliveryBodies.Event reminder, IssueFacts facts, Instant now) {
        enqueue(batch, reminder, "reminder:" + reminder.eventId(), facts, now);
    }

    private void enqueue(EnqueueBatch batch, DeliveryBodies.Event event, String dedupKey, IssueFacts facts,
                         Instant now) {
        for (UUID subscription : batch.subscribers().wanting(event.type(), facts.team(), facts.priority(),
                event.globalPosition())) {
            UUID deliveryId = UUID.randomUUID();
            batch.queue(new EnqueueBatch.Queued(deliveryId, subscription, dedupKey, event.type(), event.issueId(),
                    event.globalPosition(), bodies.render(deliveryId, subscription, event, facts), now));
        }
    }
}
