/**
 * Outbound webhooks: integrating systems (chat tools, paging, CRM) are told when something needs a human.
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li><b>Subscriptions</b> ({@code /api/admin/webhooks}, {@link org.issueledger.command.webhooks.WebhookController}):
 *       URL, event types (wire names, plus the synthetic {@code IssueReminder}), optional filter on teams and
 *       priorities, a write-only secret. Plain Flyway tables, not an event-sourced aggregate: a subscription is
 *       operational configuration that holds a secret, and the event log keeps everything forever.</li>
 *   <li><b>Enqueueing</b> ({@link org.issueledger.command.webhooks.WebhookEnqueuer}): a tracking processor of its
 *       own, {@code webhooks}, reads the event store in global order and writes one outbox row per matching
 *       subscription in the transaction that stores its token — nothing lost, nothing doubled across restarts.
 *       A subscription gets the events stored after it was made.</li>
 *   <li><b>Sending</b> ({@link org.issueledger.command.webhooks.WebhookDispatcher}): POST of a JSON body rendered at
 *       enqueue time ({@link org.issueledger.command.webhooks.DeliveryBodies}), signed
 *       {@code X-IssueLedger-Signature: sha256=<hex HMAC-SHA256(secret, body)>}, with
 *       {@code X-IssueLedger-Timestamp}, {@code -Delivery}, {@code -Event}, {@code -Attempt}. A 2xx is success; anything
 *       else, a timeout or a connection failure is retried with exponential backoff. Only a subscription's oldest
 *       pending delivery is ever attempted, so its order is kept; after N consecutive failures it is paused, and
 *       resume sends what waited, oldest first. At-least-once: receivers deduplicate on {@code deliveryId}.</li>
 *   <li><b>Reminders</b> ({@link org.issueledger.command.webhooks.Reminders}): {@code IssueReminder} deliveries for
 *       SLA warnings and breaches, and for open issues without an update for a configurable time — found by a
 *       job at the edge that reads the last-update time the processor keeps per issue; the domain never reads
 *       a clock.</li>
 * </ul>
 * Nothing here is called by the domain, and nothing here appends an event.
 */
package org.issueledger.command.webhooks;
