package org.issueledger.command.webhooks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends the outbox. Every {@code poll-interval} it finds the active subscriptions whose oldest pending
 * delivery is due, takes each one's lease (one sender per subscription across all instances) and hands it
 * to a sender thread of its own, which POSTs the queue head; only the head is ever attempted, so a later
 * delivery waits while an earlier one fails, and a subscription's order is kept. Each sender thread
 * serves one subscription, and an attempt is bounded by the connect and read timeouts: a slow receiver
 * holds its own thread, never another subscription's queue.
 *
 * <p>An attempt's outcome and its log row commit together. Stopping waits for attempts in flight to
 * record their outcome; only an instance that dies between a receiver's 2xx and that commit sends the
 * delivery again (same {@code deliveryId}) when its lease runs out — receivers deduplicate on it.
 *
 * <p>Each request carries {@value #SIGNATURE_HEADER}: {@code sha256=} and the lowercase hex HMAC-SHA256 of
 * the exact body bytes under the subscription's secret, and {@value #TIMESTAMP_HEADER}, the attempt's
 * time in epoch seconds.
 */
@Component
class WebhookDispatcher implements SmartLifecycle {

    static final String SIGNATURE_HEADER = "X-IssueLedger-Signature";
    static final String TIMESTAMP_HEADER = "X-IssueLedger-Timestamp";
    static final String DELIVERY_HEADER = "X-IssueLedger-Delivery";
    static final String EVENT_HEADER = "X-IssueLedger-Event";
    static final String ATTEMPT_HEADER = "X-IssueLedger-Attempt";

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** Deliveries one sender sends in a row while its receiver keeps answering 2xx, before it lets go. */
    private static final int RUN_LENGTH = 100;
    private static final int MAX_ERROR = 1000;

    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final WebhookSettings settings;
    private final Clock clock;
    private final HttpClient http;
    private final WebhookTargets targets;
    private final String instance = "webhooks-" + UUID.randomUUID();
    private final Set<UUID> sending = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService poller;
    private volatile ExecutorService senders;

    WebhookDispatcher(Outbox outbox, TransactionTemplate transactions, WebhookSettings settings, Clock clock,
                      WebhookTargets targets) {
        this.outbox = outbox;
        this.targets = targets;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    static String signature(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** One round: hands every due subscription that is not already being served to a sender. */
    void poll() {
        ExecutorService pool = senders;
        if (pool == null) {
            return;
        }
        try {
            int free = settings.maxConcurrentDeliveries() - sending.size();
            if (free <= 0) {
                return;
            }
            Instant now = clock.instant();
            List<UUID> due = outbox.dueSubscriptions(now, free + sending.size());
            for (UUID subscription : due) {
                if (sending.size() >= settings.maxConcurrentDeliveries()) {
                    break;
                }
                if (!sending.add(subscription)) {
                    continue;
                }
                if (!outbox.claim(subscription, instance, now, now.plus(settings.lease()))) {
                    sending.remove(subscription);
                    continue;
                }
                try {
                    pool.execute(() -> serve(subscription));
                } catch (RejectedExecutionException stopping) {
                    // Stopped between the claim and here: let go at once rather than when the lease runs out.
                    outbox.release(subscription, instance);
                    sending.remove(subscription);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Looking for due webhook deliveries failed; trying again in {}", settings.pollInterval(), e);
        }
    }

    /** Sends the subscription's queue from its head while the receiver answers 2xx, then lets it go. */
    private void serve(UUID subscription) {
        try {
            for (int sent = 0; sent < RUN_LENGTH && senders != null; sent++) {
                Instant now = clock.instant();
                Optional<Outbox.Pending> head = outbox.head(subscription);
                if (head.isEmpty() || head.get().nextAttemptAt().isAfter(now)) {
                    return;
                }
                outbox.claim(subscription, instance, now, now.plus(settings.lease())); // extends the lease
                if (!attempt(head.get())) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("Delivering to webhook subscription {} failed; it is tried again later", subscription, e);
        } finally {
            try {
                outbox.release(subscription, instance);
            } catch (RuntimeException e) {
                log.warn("Could not release webhook subscription {}; its lease runs out by itself", subscription, e);
            } finally {
                sending.remove(subscription);
            }
        }
    }

    /** @return whether the receiver took it */
    private boolean attempt(Outbox.Pending delivery) {
        byte[] body = delivery.body().getBytes(StandardCharsets.UTF_8);
        int number = delivery.attempts() + 1;
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        Integer status = null;
        String error = null;
        CompletableFuture<HttpResponse<Void>> response = null;
        try {
            URI url = URI.create(delivery.url());
            error = targets.sendProblem(url.getHost()).orElse(null);
            if (error != null) {
                return recorded(delivery, number, started, t0, null, error);
            }
            HttpRequest request = HttpRequest.newBuilder(url)
                    .timeout(settings.readTimeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "IssueLedger-Webhooks/1")
                    .header(DELIVERY_HEADER, delivery.deliveryId().toString())
                    .header(EVENT_HEADER, delivery.eventType())
                    .header(ATTEMPT_HEADER, Integer.toString(number))
                    .header(TIMESTAMP_HEADER, Long.toString(started.getEpochSecond()))
                    .header(SIGNATURE_HEADER, signature(delivery.secret(), body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            response = http.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            // The request timeout covers the wait for the headers; this bound covers the body too.
            Duration bound = settings.connectTimeout().plus(settings.readTimeout());
            status = response.get(bound.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status < 200 || status >= 300) {
                error = "HTTP " + status;
            }
        } catch (TimeoutException e) {
            error = "no answer within " + settings.connectTimeout().plus(settings.readTimeout());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof HttpConnectTimeoutException) {
                error = "could not connect within " + settings.connectTimeout();
            } else if (cause instanceof HttpTimeoutException) {
                error = "no answer within " + settings.readTimeout();
            } else {
                error = describe(cause);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted while sending (shutting down)";
        } catch (RuntimeException e) {
            error = describe(e);
        } finally {
            if (response != null && !response.isDone()) {
                response.cancel(true);
            }
        }
        return recorded(delivery, number, started, t0, status, error);
    }

    /** Logs the attempt and moves the delivery on: delivered, or its backoff (or pause) after a failure. */
    private boolean recorded(Outbox.Pending delivery, int number, Instant started, long t0, Integer status,
                             String error) {
        Outbox.Attempt attempt = new Outbox.Attempt(number, started,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), status, error);
        Instant finished = clock.instant();
        int failures = transactions.execute(tx -> {
            outbox.logAttempt(delivery.id(), attempt);
            if (attempt.succeeded()) {
                outbox.delivered(delivery, attempt, finished);
                return 0;
            }
            return outbox.failed(delivery, attempt, finished, settings);
        });
        if (!attempt.succeeded()) {
            log.info("Webhook delivery {} to subscription {} failed (attempt {}): {}; {}", delivery.deliveryId(),
                    delivery.subscriptionId(), number, attempt.describe(),
                    failures >= settings.pauseAfterFailures() ? "subscription paused after " + failures + " failures"
                            : "next try in " + settings.backoffAfter(failures));
        }
        return attempt.succeeded();
    }

    /** Keeps the log to {@code keep-delivered}; several instances may do it at once, harmlessly. */
    void forgetOldDeliveries() {
        try {
            int forgotten = outbox.forgetDelivered(clock.instant().minus(settings.keepDelivered()));
            if (forgotten > 0) {
                log.info("Removed {} webhook deliveries delivered more than {} ago from the log", forgotten,
                        settings.keepDelivered());
            }
        } catch (RuntimeException e) {
            log.warn("Could not trim the webhook delivery log; trying again later", e);
        }
    }

    private static String describe(Throwable e) {
        String text = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
        return text.length() > MAX_ERROR ? text.substring(0, MAX_ERROR) : text;
    }

    @Override
    public void start() {
        senders = Executors.newFixedThreadPool(settings.maxConcurrentDeliveries(), r -> {
            Thread t = new Thread(r, "webhook-sender");
            t.setDaemon(true);
            return t;
        });
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "webhook-dispatcher");
            t.setDaemon(true);
            return t;
        });
        long every = settings.pollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, every, every, TimeUnit.MILLISECONDS);
        poller.scheduleWithFixedDelay(this::forgetOldDeliveries, 1, 60, TimeUnit.MINUTES);
    }

    /** Lets attempts in flight finish and record their outcome; nothing new starts. */
    @Override
    public void stop() {
        ScheduledExecutorService p = poller;
        ExecutorService s = senders;
        poller = null;
        senders = null;
        if (p == null) {
            return;
        }
        // The poller first, so that no round hands out a subscription while the senders shut down.
        p.shutdown();
        try {
            p.awaitTermination(5, TimeUnit.SECONDS);
            s.shutdown();
            if (!s.awaitTermination(settings.connectTimeout().plus(settings.readTimeout()).toMillis() + 5_000,
                    TimeUnit.MILLISECONDS)) {
                s.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return poller != null;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2_000;
    }
}
