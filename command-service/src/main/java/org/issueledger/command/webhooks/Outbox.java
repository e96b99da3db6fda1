package org.issueledger.command.webhooks;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The webhook tables as the delivery machinery uses them: matching subscriptions, the per-issue facts,
 * enqueueing, and the dispatcher's claim / head / outcome.
 *
 * <p>Callers own the transaction: the processor's (so that enqueueing commits with its token), or the
 * dispatcher's (so that an attempt's log row commits with its outcome).
 */
@Repository
class Outbox {

    /** One queued delivery as the dispatcher sends it. {@code secret} is bytes: a record prints arrays by identity. */
    record Pending(long id, UUID deliveryId, UUID subscriptionId, String eventType, String body, int attempts,
                   Instant nextAttemptAt, String url, byte[] secret) {
    }

    enum DeliveryStatus { PENDING, DELIVERED }

    /** One HTTP attempt; {@code statusCode} is null when no answer came (refused, timed out …). */
    record Attempt(int attempt, Instant at, long durationMs, Integer statusCode, String error) {

        boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }

        String describe() {
            return statusCode != null ? "HTTP " + statusCode : error;
        }
    }

    record Delivery(UUID deliveryId, String eventId, String type, UUID issueId, Long globalPosition,
                    DeliveryStatus status, int attempts, Instant createdAt, Instant nextAttemptAt,
                    Instant deliveredAt, Integer lastStatusCode, String lastError, List<Attempt> log) {
    }

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ---- enqueueing (the delivery processor and the reminder job) ----

    /** One subscription's filter: which events and reminders it wants. */
    record SubscriptionFilter(UUID id, List<String> eventTypes, List<String> teams, List<String> priorities,
                              long fromPosition) {

        boolean wants(String type, String team, Priority priority, Long globalPosition) {
            return eventTypes.contains(type)
                    && (teams.isEmpty() || team != null && teams.contains(team))
                    && (priorities.isEmpty() || priority != null && priorities.contains(priority.name()))
                    && (globalPosition == null || fromPosition < globalPosition);
        }
    }

    /** Every subscription's filter as read once, for matching many events or reminders in memory. */
    record Subscribers(List<SubscriptionFilter> filters) {

        /**
         * Subscriptions that want this type for an issue of this team and priority, in id order.
         *
         * @param globalPosition the event's position; subscriptions made after it was stored do not get it
         *                       (null for a reminder, which has no position)
         */
        List<UUID> wanting(String type, String team, Priority priority, Long globalPosition) {
            List<UUID> wanting = new ArrayList<>();
            for (SubscriptionFilter filter : filters) {
                if (filter.wants(type, team, priority, globalPosition)) {
                    wanting.add(filter.id());
                }
            }
            return wanting;
        }
    }

    Subscribers subscribers() {
        return new Subscribers(jdbc.sql(
                        "select id, event_types, teams, priorities, from_position from webhook_subscription order by id")
                .query((rs, row) -> new SubscriptionFilter(rs.getObject("id", UUID.class),
                        texts(rs, "event_types"), texts(rs, "teams"), texts(rs, "priorities"),
                        rs.getLong("from_position")))
                .list());
    }

    private static List<String> texts(ResultSet rs, String column) throws SQLException {
        java.sql.Array array = rs.getArray(column);
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    /** {@link #enqueue} for many, with one statement; a subscription deleted meanwhile gets nothing. */
    void enqueueAll(List<EnqueueBatch.Queued> deliveries) {
        if (deliveries.isEmpty()) {
            return;
        }
        int n = deliveries.size();
        UUID[] ids = new UUID[n];
        UUID[] subscriptions = new UUID[n];
        String[] keys = new String[n];
        String[] types = new String[n];
        UUID[] issues = new UUID[n];
        Long[] positions = new Long[n];
        String[] bodies = new String[n];
        String[] nows = new String[n]; // ISO-8601 text, which timestamptz reads
        for (int i = 0; i < n; i++) {
            EnqueueBatch.Queued d = deliveries.get(i);
            ids[i] = d.deliveryId();
            subscriptions[i] = d.subscriptionId();
            keys[i] = d.dedupKey();
            types[i] = d.type();
            issues[i] = d.issueId();
            positions[i] = d.globalPosition();
            bodies[i] = d.body();
            nows[i] = d.now().toString();
        }
        // In the order given (ordinality): a subscription's deliveries are sent in id order.
        jdbc.sql("""
                        insert into webhook_delivery (delivery_id, subscription_id, dedup_key, event_type, issue_id,
                            global_position, body, status, next_attempt_at, created_at)
                        select d.id, d.subscription, d.dedup_key, d.type, d.issue, d.position, d.body, 'PENDING',
                            d.now, d.now
                        from unnest(:ids::uuid[], :subscriptions::uuid[], :keys::text[], :types::text[],
                                    :issues::uuid[], :positions::bigint[], :bodies::text[], :nows::timestamptz[])
                             with ordinality as d (id, subscription, dedup_key, type, issue, position, body, now, n)
                        where exists (select 1 from webhook_subscription s where s.id = d.subscription)
                        order by d.n
                        on conflict (subscription_id, dedup_key) do nothing
                        """)
                .param("ids", ids).param("subscriptions", subscriptions).param("keys", keys)
                .param("types", types).param("issues", issues).param("positions", positions)
                .param("bodies", bodies).param("nows", nows)
                .update();
    }

    /** Idempotent: the same event (or reminder) for the same subscription is queued once, ever. */
    void enqueue(UUID deliveryId, UUID subscriptionId, String dedupKey, String type, UUID issueId,
                 Long globalPosition, String body, Instant now) {
        jdbc.sql("""
                        insert into webhook_delivery (delivery_id, subscription_id, dedup_key, event_type, issue_id,
                            global_position, body, status, next_attempt_at, created_at)
                        values (:deliveryId, :subscriptionId, :dedupKey, :type, :issueId, :position, :body, 'PENDING',
                            :now, :now)
                        on conflict (subscription_id, dedup_key) do nothing
                        """)
                .param("deliveryId", deliveryId)
                .param("subscriptionId", subscriptionId)
                .param("dedupKey", dedupKey)
                .param("type", type)
                .param("issueId", issueId)
                .param("position", globalPosition)
                .param("body", body)
                .param("now", Timestamp.from(now))
                .update();
    }

    /** The facts of those of these issues that have any. */
    Map<UUID, IssueFacts> facts(Collection<UUID> issueIds) {
        Map<UUID, IssueFacts> facts = new HashMap<>();
        if (issueIds.isEmpty()) {
            return facts;
        }
        jdbc.sql("select * from webhook_issue where issue_id = any(:ids::uuid[])")
                .param("ids", issueIds.toArray(UUID[]::new))
                .query(Outbox::facts).list().forEach(f -> facts.put(f.issueId(), f));
        return facts;
    }

    /** {@link #save} for many, with one statement (each issue at most once). */
    void saveAll(Collection<IssueFacts> all) {
        if (all.isEmpty()) {
            return;
        }
        List<IssueFacts> facts = List.copyOf(all);
        jdbc.sql("""
                        insert into webhook_issue (issue_id, team, priority, owner, status, last_sequence, last_update_at)
                        select * from unnest(:ids::uuid[], :teams::text[], :priorities::text[], :owners::text[],
                                             :statuses::text[], :sequences::bigint[], :lastUpdateAts::timestamptz[])
                        on conflict (issue_id) do update set team = excluded.team, priority = excluded.priority,
                            owner = excluded.owner, status = excluded.status, last_sequence = excluded.last_sequence,
                            last_update_at = excluded.last_update_at
                        """)
                .param("ids", facts.stream().map(IssueFacts::issueId).toArray(UUID[]::new))
                .param("teams", facts.stream().map(IssueFacts::team).toArray(String[]::new))
                .param("priorities", facts.stream().map(f -> f.priority() == null ? null : f.priority().name())
                        .toArray(String[]::new))
                .param("owners", facts.stream().map(IssueFacts::owner).toArray(String[]::new))
                .param("statuses", facts.stream().map(f -> f.status().name()).toArray(String[]::new))
                .param("sequences", facts.stream().map(IssueFacts::lastSequence).toArray(Long[]::new))
                .param("lastUpdateAts", facts.stream().map(f -> f.lastUpdateAt().toString()).toArray(String[]::new))
                .update();
    }

    /**
     * Open issues silent since {@code silentSince} and not reminded since then either, locked for this
     * transaction (another instance skips them).
     */
    List<IssueFacts> silentIssues(List<IssueStatus> statuses, Instant silentSince, int limit) {
        return jdbc.sql("""
                        select * from webhook_issue
                        where status = any(:statuses::text[])
                          and greatest(last_update_at, coalesce(last_reminded_at, last_update_at)) <= :since
                        order by last_update_at
                        limit :limit
                        for update skip locked
                        """)
                .param("statuses", statuses.stream().map(Enum::name).toArray(String[]::new))
                .param("since", Timestamp.from(silentSince))
                .param("limit", limit)
                .query(Outbox::facts).list();
    }

    void reminded(UUID issueId, Instant at) {
        jdbc.sql("update webhook_issue set last_reminded_at = :at where issue_id = :id")
                .param("id", issueId).param("at", Timestamp.from(at)).update();
    }

    // ---- dispatching ----

    /** Active subscriptions, not held by a live sender, whose oldest pending delivery is due. */
    List<UUID> dueSubscriptions(Instant now, int limit) {
        return jdbc.sql("""
                        select s.id from webhook_subscription s
                        where s.status = 'ACTIVE'
                          and (s.lease_until is null or s.lease_until < :now)
                          and (select d.next_attempt_at from webhook_delivery d
                               where d.subscription_id = s.id and d.status = 'PENDING'
                               order by d.id limit 1) <= :now
                        order by s.id
                        limit :limit
                        """)
                .param("now", Timestamp.from(now)).param("limit", limit)
                .query(UUID.class).list();
    }

    /** Takes the subscription for {@code owner} until {@code until}, unless a live sender holds it or it was paused. */
    boolean claim(UUID subscriptionId, String owner, Instant now, Instant until) {
        return jdbc.sql("""
                        update webhook_subscription set lease_owner = :owner, lease_until = :until
                        where id = :id and status = 'ACTIVE'
                          and (lease_until is null or lease_until < :now or lease_owner = :owner)
                        """)
                .param("id", subscriptionId).param("owner", owner)
                .param("now", Timestamp.from(now)).param("until", Timestamp.from(until))
                .update() == 1;
    }

    void release(UUID subscriptionId, String owner) {
        jdbc.sql("""
                        update webhook_subscription set lease_owner = null, lease_until = null
                        where id = :id and lease_owner = :owner
                        """)
                .param("id", subscriptionId).param("owner", owner).update();
    }

    /** The subscription's oldest pending delivery, while it is active. */
    Optional<Pending> head(UUID subscriptionId) {
        return jdbc.sql("""
                        select d.id, d.delivery_id, d.subscription_id, d.event_type, d.body, d.attempts,
                               d.next_attempt_at, s.url, s.secret
                        from webhook_delivery d join webhook_subscription s on s.id = d.subscription_id
                        where d.subscription_id = :id and d.status = 'PENDING' and s.status = 'ACTIVE'
                        order by d.id
                        limit 1
                        """)
                .param("id", subscriptionId)
                .query((rs, row) -> new Pending(rs.getLong("id"), rs.getObject("delivery_id", UUID.class),
                        rs.getObject("subscription_id", UUID.class), rs.getString("event_type"), rs.getString("body"),
                        rs.getInt("attempts"), rs.getTimestamp("next_attempt_at").toInstant(), rs.getString("url"),
                        rs.getString("secret").getBytes(StandardCharsets.UTF_8)))
                .optional();
    }

    void logAttempt(long deliveryId, Attempt attempt) {
        jdbc.sql("""
                        insert into webhook_delivery_attempt (delivery_id, attempt, started_at, duration_ms, status_code, error)
                        values (:id, :attempt, :at, :duration, :status, :error)
                        """)
                .param("id", deliveryId).param("attempt", attempt.attempt()).param("at", Timestamp.from(attempt.at()))
                .param("duration", attempt.durationMs()).param("status", attempt.statusCode())
                .param("error", attempt.error())
                .update();
    }

    void delivered(Pending delivery, Attempt attempt, Instant now) {
        jdbc.sql("""
                        update webhook_delivery set status = 'DELIVERED', attempts = :attempt, delivered_at = :now,
                            last_status_code = :status, last_error = null
                        where id = :id
                        """)
                .param("id", delivery.id()).param("attempt", attempt.attempt()).param("now", Timestamp.from(now))
                .param("status", attempt.statusCode()).update();
        jdbc.sql("update webhook_subscription set consecutive_failures = 0 where id = :id")
                .param("id", delivery.subscriptionId()).update();
    }

    /**
     * Counts the failure against the subscription, and either schedules the next attempt after the backoff or,
     * at {@code pauseAfter} consecutive failures, pauses the subscription (the delivery keeps waiting).
     *
     * @return the subscription's consecutive failures now
     */
    int failed(Pending delivery, Attempt attempt, Instant now, WebhookSettings settings) {
        Integer failures = jdbc.sql("""
                        update webhook_subscription set consecutive_failures = consecutive_failures + 1
                        where id = :id returning consecutive_failures
                        """)
                .param("id", delivery.subscriptionId()).query(Integer.class).optional().orElse(0);
        jdbc.sql("""
                        update webhook_delivery set attempts = :attempt, next_attempt_at = :next,
                            last_status_code = :status, last_error = :error
                        where id = :id
                        """)
                .param("id", delivery.id()).param("attempt", attempt.attempt())
                .param("next", Timestamp.from(now.plus(settings.backoffAfter(Math.max(1, failures)))))
                .param("status", attempt.statusCode()).param("error", attempt.error())
                .update();
        if (failures >= settings.pauseAfterFailures()) {
            jdbc.sql("""
                            update webhook_subscription set status = 'PAUSED', paused_at = :now, updated_at = :now,
                                paused_reason = :reason
                            where id = :id and status = 'ACTIVE'
                            """)
                    .param("id", delivery.subscriptionId()).param("now", Timestamp.from(now))
                    .param("reason", failures + " consecutive failed deliveries; last: " + attempt.describe())
                    .update();
        }
        return failures;
    }

    // ---- the delivery log (admin API) ----

    /** Deletes deliveries delivered before {@code before}, with their attempts; returns how many. */
    int forgetDelivered(Instant before) {
        return jdbc.sql("delete from webhook_delivery where status = 'DELIVERED' and delivered_at < :before")
                .param("before", Timestamp.from(before)).update();
    }

    /** Newest first, each with every attempt in order. */
    List<Delivery> deliveries(UUID subscriptionId, DeliveryStatus status, int limit) {
        List<Delivery> deliveries = jdbc.sql("""
                        select * from webhook_delivery
                        where subscription_id = :id and (:status::text is null or status = :status::text)
                        order by id desc
                        limit :limit
                        """)
                .param("id", subscriptionId).param("status", status == null ? null : status.name())
                .param("limit", limit)
                .query(Outbox::delivery).list();
        if (deliveries.isEmpty()) {
            return deliveries;
        }
        Map<UUID, List<Attempt>> attempts = new LinkedHashMap<>();
        jdbc.sql("""
                        select d.delivery_id, a.* from webhook_delivery_attempt a join webhook_delivery d on d.id = a.delivery_id
                        where d.delivery_id = any(:ids::uuid[])
                        order by a.delivery_id, a.attempt
                        """)
                .param("ids", deliveries.stream().map(Delivery::deliveryId).toArray(UUID[]::new))
                .query(rs -> {
                    attempts.computeIfAbsent(rs.getObject("delivery_id", UUID.class), id -> new ArrayList<>())
                            .add(new Attempt(rs.getInt("attempt"), rs.getTimestamp("started_at").toInstant(),
                                    rs.getLong("duration_ms"), (Integer) rs.getObject("status_code"),
                                    rs.getString("error")));
                });
        return deliveries.stream().map(d -> new Delivery(d.deliveryId(), d.eventId(), d.type(), d.issueId(),
                d.globalPosition(), d.status(), d.attempts(), d.createdAt(), d.nextAttemptAt(), d.deliveredAt(),
                d.lastStatusCode(), d.lastError(), attempts.getOrDefault(d.deliveryId(), List.of()))).toList();
    }

    private static Delivery delivery(ResultSet rs, int row) throws SQLException {
        DeliveryStatus status = DeliveryStatus.valueOf(rs.getString("status"));
        return new Delivery(rs.getObject("delivery_id", UUID.class), rs.getString("dedup_key"),
                rs.getString("event_type"), rs.getObject("issue_id", UUID.class),
                (Long) rs.getObject("global_position"), status, rs.getInt("attempts"),
                rs.getTimestamp("created_at").toInstant(),
                status == DeliveryStatus.PENDING ? rs.getTimestamp("next_attempt_at").toInstant() : null,
                Subscriptions.instant(rs.getTimestamp("delivered_at")), (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"), List.of());
    }

    private static IssueFacts facts(ResultSet rs, int row) throws SQLException {
        String priority = rs.getString("priority");
        return new IssueFacts(rs.getObject("issue_id", UUID.class), rs.getString("team"),
                priority == null ? null : Priority.valueOf(priority), rs.getString("owner"),
                IssueStatus.valueOf(rs.getString("status")), rs.getLong("last_sequence"),
                rs.getTimestamp("last_update_at").toInstant());
    }
}
