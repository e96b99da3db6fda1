package org.issueledger.command.webhooks;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.axonframework.eventhandling.EventMessage;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.sla.ClockKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reminders (超时提醒): a synthetic delivery type, {@value #TYPE}, that subscriptions select like any event
 * type. It names the issue's owner (null while unassigned; the team is there too) and why:
 * <ul>
 *   <li>{@code SLA_WARNING} / {@code SLA_BREACHED} — queued by {@link WebhookEnqueuer} together with the
 *       SlaWarningReached / SlaBreached event, in the same transaction, so exactly once per threshold;</li>
 *   <li>{@code NO_UPDATE} — an open issue nobody touched for {@code issueledger.webhooks.reminders.no-update-after}.
 *       Silence is a question about <em>now</em>, which the event-sourced domain never asks (time is data
 *       there). So this job at the edge asks it, with the injected clock: every {@code check-interval} it
 *       reads the per-issue last-update time the delivery processor keeps (record time of the last event
 *       by anyone but {@code system:*}) and reminds each issue silent for longer, then again each time
 *       as much more silence passes. Several instances share the work: the rows are locked with SKIP
 *       LOCKED and the reminder is queued in the transaction that records it was sent.</li>
 * </ul>
 * Reminders are deliveries, not events: nothing is appended to the log.
 */
@Component
class Reminders implements SmartLifecycle {

    static final String TYPE = "IssueReminder";
    static final int VERSION = 1;
    static final String ACTOR = "system:reminders";

    enum Reason { SLA_WARNING, SLA_BREACHED, NO_UPDATE }

    private static final Logger log = LoggerFactory.getLogger(Reminders.class);
    private static final int BATCH = 200;

    private final Outbox outbox;
    private final DeliveryBodies bodies;
    private final TransactionTemplate transactions;
    private final WebhookSettings settings;
    private final Clock clock;
    private volatile ScheduledExecutorService timer;

    Reminders(Outbox outbox, DeliveryBodies bodies, TransactionTemplate transactions, WebhookSettings settings,
              Clock clock) {
        this.outbox = outbox;
        this.bodies = bodies;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    /** The reminder that goes with an SLA threshold event: its id derives from the event's, so a replay repeats it exactly. */
    static DeliveryBodies.Event slaReminder(Reason reason, ClockKind clockKind, Instant dueAt, EventMessage<?> cause,
                                            long sequence, long position, IssueEvent event, IssueFacts facts) {
        Map<String, Object> payload = payload(reason, facts);
        payload.put("clock", clockKind);
        payload.put("dueAt", dueAt);
        payload.put("causeEventId", cause.getIdentifier());
        return new DeliveryBodies.Event(
                UUID.nameUUIDFromBytes(("reminder:" + cause.getIdentifier()).getBytes(StandardCharsets.UTF_8)).toString(),
                TYPE, VERSION, event.issueId(), sequence, position, event.occurredAt(), cause.getTimestamp(), ACTOR,
                Map.of("causationId", cause.getIdentifier()), payload);
    }

    /** Reminds every issue silent for longer than the threshold; returns how many. */
    int remindSilentIssues() {
        if (!settings.reminders().enabled()) {
            return 0;
        }
        int total = 0;
        int batch;
        do {
            batch = transactions.execute(status -> remindBatch());
            total += batch;
        } while (batch == BATCH);
        return total;
    }

    private int remindBatch() {
        Instant now = clock.instant();
        Duration threshold = settings.reminders().noUpdateAfter();
        List<IssueFacts> silent = outbox.silentIssues(settings.reminders().statuses(), now.minus(threshold), BATCH);
        Outbox.Subscribers subscribers = outbox.subscribers();
        for (IssueFacts facts : silent) {
            Map<String, Object> payload = payload(Reason.NO_UPDATE, facts);
            payload.put("lastUpdateAt", facts.lastUpdateAt());
            payload.put("silentFor", Duration.between(facts.lastUpdateAt(), now).withNanos(0));
            payload.put("noUpdateAfter", threshold);
            UUID reminderId = UUID.randomUUID();
            DeliveryBodies.Event reminder = new DeliveryBodies.Event(reminderId.toString(), TYPE, VERSION,
                    facts.issueId(), facts.lastSequence(), null, now, now, ACTOR, Map.of(), payload);
            for (UUID subscription : subscribers.wanting(TYPE, facts.team(), facts.priority(), null)) {
                UUID deliveryId = UUID.randomUUID();
                outbox.enqueue(deliveryId, subscription, "reminder:" + reminderId, TYPE, facts.issueId(), null,
                        bodies.render(deliveryId, subscription, reminder, facts), now);
            }
            outbox.reminded(facts.issueId(), now);
        }
        return silent.size();
    }

    private static Map<String, Object> payload(Reason reason, IssueFacts facts) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("reason", reason);
        payload.put("owner", facts.owner());
        payload.put("team", facts.team());
        payload.put("priority", facts.priority());
        payload.put("status", facts.status());
        return payload;
    }

    @Override
    public void start() {
        if (!settings.reminders().enabled()) {
            log.info("Reminders for silent issues are off (issueledger.webhooks.reminders.no-update-after=0)");
            return;
        }
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-reminders");
            t.setDaemon(true);
            return t;
        });
        long every = settings.reminders().checkInterval().toMillis();
        executor.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
        timer = executor;
    }

    private void check() {
        try {
            int reminded = remindSilentIssues();
            if (reminded > 0) {
                log.info("Reminded {} issues without an update for {}", reminded, settings.reminders().noUpdateAfter());
            }
        } catch (RuntimeException e) {
            log.warn("Checking for silent issues failed; trying again in {}", settings.reminders().checkInterval(), e);
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService executor = timer;
        timer = null;
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }

    /** After the web server and Axon's processors, before the deadline timer's phase. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2_000;
    }
}
