package org.issueledger.command.webhooks;

import java.time.Duration;
import java.util.List;

import org.issueledger.events.issue.IssueStatus;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered ({@code issueledger.webhooks.*}).
 *
 * @param pollInterval            how often the dispatcher looks for deliveries that are due
 * @param connectTimeout          TCP/TLS connect timeout of one attempt
 * @param readTimeout             how long one attempt waits for the receiver's answer; the attempt then fails
 * @param initialBackoff          wait after a subscription's first consecutive failure
 * @param backoffMultiplier       each further consecutive failure multiplies the wait by this
 * @param maxBackoff              the wait never grows beyond this
 * @param pauseAfterFailures      consecutive failed attempts after which the subscription is paused
 * @param maxConcurrentDeliveries subscriptions served at the same time by this instance (one sender thread each):
 *                                a slow receiver holds one of them, never the others' queues
 * @param issueLink               the issue's link in every body; {@code {issueId}} is replaced
 * @param keepDelivered           how long a delivered delivery and its attempts stay in the log; pending ones stay
 *                                until they are delivered or their subscription is deleted
 * @param reminders               owners of quiet or at-risk issues reminded through the same subscriptions
 * @param allowPrivateTargets     whether loopback and private addresses may receive webhooks ({@link WebhookTargets};
 *                                link-local, metadata and "this host" addresses never may)
 */
@ConfigurationProperties("issueledger.webhooks")
record WebhookSettings(@DefaultValue("500ms") Duration pollInterval,
                       @DefaultValue("5s") Duration connectTimeout,
                       @DefaultValue("10s") Duration readTimeout,
                       @DefaultValue("10s") Duration initialBackoff,
                       @DefaultValue("2.0") double backoffMultiplier,
                       @DefaultValue("1h") Duration maxBackoff,
                       @DefaultValue("5") int pauseAfterFailures,
                       @DefaultValue("8") int maxConcurrentDeliveries,
                       @DefaultValue("http://localhost:8082/api/issues/{issueId}") String issueLink,
                       @DefaultValue("30d") Duration keepDelivered,
                       @DefaultValue Reminders reminders,
                       @DefaultValue("true") boolean allowPrivateTargets) {

    WebhookSettings {
        positive("poll-interval", pollInterval);
        positive("connect-timeout", connectTimeout);
        positive("read-timeout", readTimeout);
        positive("initial-backoff", initialBackoff);
        positive("max-backoff", maxBackoff);
        positive("keep-delivered", keepDelivered);
        if (backoffMultiplier < 1.0) {
            throw new IllegalArgumentException("issueledger.webhooks.backoff-multiplier must be at least 1");
        }
        if (pauseAfterFailures < 1 || maxConcurrentDeliveries < 1) {
            throw new IllegalArgumentException(
                    "issueledger.webhooks.pause-after-failures and max-concurrent-deliveries must be at least 1");
        }
    }

    /**
     * @param noUpdateAfter an open issue whose last update (by anyone but {@code system:*}) is older than this
     *                      gets an IssueReminder, and another each time this much more passes in silence;
     *                      zero turns these reminders off
     * @param checkInterval how often issues are checked for silence
     * @param statuses      the states in which silence is worth a reminder (not ON_HOLD: waiting is its purpose)
     */
    record Reminders(@DefaultValue("24h") Duration noUpdateAfter,
                     @DefaultValue("1m") Duration checkInterval,
                     @DefaultValue({"OPEN", "ASSIGNED", "IN_PROGRESS"}) List<IssueStatus> statuses) {

        Reminders {
            positive("reminders.check-interval", checkInterval);
            if (noUpdateAfter.isNegative()) {
                throw new IllegalArgumentException("issueledger.webhooks.reminders.no-update-after may not be negative");
            }
        }

        boolean enabled() {
            return !noUpdateAfter.isZero() && !statuses.isEmpty();
        }
    }

    /** The wait before the next attempt after {@code failures} consecutive failures (1, 2, …). */
    Duration backoffAfter(int failures) {
        double millis = initialBackoff.toMillis() * Math.pow(backoffMultiplier, Math.max(0, failures - 1));
        return millis >= maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis((long) millis);
    }

    /**
     * How long a sender holds a subscription: longer than any attempt can take, so that another instance
     * only takes over from one that died.
     */
    Duration lease() {
        return connectTimeout.plus(readTimeout).plusSeconds(30);
    }

    private static void positive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("issueledger.webhooks." + name + " must be positive");
        }
    }
}
