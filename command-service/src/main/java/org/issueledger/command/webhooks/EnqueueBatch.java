package org.issueledger.command.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What one batch of the {@link WebhookEnqueuer}'s processor reads and writes, so that a batch costs a few
 * statements instead of three per event: the facts of every issue in the batch read with one query and folded
 * in memory, event after event; the subscriptions read once and matched in memory; the changed facts and the new
 * deliveries written with one statement each when the batch commits, in the processor's transaction.
 *
 * <p>The fact changes of the batch's events ({@link FactChange}) are read once, when the batch begins, to know its
 * issues; each event's handling takes its own from here.
 *
 * <p>Reading the subscriptions once per batch misses none: a subscription only gets events stored after it was
 * made ({@code from_position}), and every event of a batch was stored before the batch was read.
 */
final class EnqueueBatch {

    /** One delivery to queue, in the order the events came. */
    record Queued(UUID deliveryId, UUID subscriptionId, String dedupKey, String type, UUID issueId,
                  Long globalPosition, String body, Instant now) {
    }

    private final Outbox outbox;
    private final Map<UUID, IssueFacts> facts = new HashMap<>();
    private final Map<UUID, IssueFacts> changed = new LinkedHashMap<>();
    private final Outbox.Subscribers subscribers;
    private final List<Queued> queued = new ArrayList<>();
    private final Map<String, FactChange> changes;

    /** @param changes the fact changes of the batch's issue events, by event id */
    EnqueueBatch(Outbox outbox, Map<String, FactChange> changes) {
        this.outbox = outbox;
        this.changes = changes;
        Set<UUID> issues = new LinkedHashSet<>();
        changes.values().forEach(change -> issues.add(change.issueId()));
        this.facts.putAll(outbox.facts(issues));
        for (UUID issue : issues) {
            this.facts.putIfAbsent(issue, null); // known to have none yet
        }
        this.subscribers = outbox.subscribers();
    }

    /** The fact change read for this event when the batch began; null if it was not among the batch's. */
    FactChange change(String eventId) {
        return changes.get(eventId);
    }

    /** The issue's facts as this batch has folded them so far; null before its first event. */
    IssueFacts facts(UUID issue) {
        if (!facts.containsKey(issue)) { // not announced with the batch: read it now
            facts.put(issue, outbox.facts(List.of(issue)).get(issue));
        }
        return facts.get(issue);
    }

    void changed(IssueFacts folded) {
        facts.put(folded.issueId(), folded);
        changed.put(folded.issueId(), folded);
    }

    /** The subscriptions as this batch read them. */
    Outbox.Subscribers subscribers() {
        return subscribers;
    }

    void queue(Queued delivery) {
        queued.add(delivery);
    }

    void write() {
        outbox.saveAll(changed.values());
        outbox.enqueueAll(queued);
    }
}
