package org.issueledger.command.webhooks;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The subscriptions table: what the admin API reads and writes. */
@Repository
class Subscriptions {

    private static final String COLUMNS = """
            s.id, s.url, s.description, s.event_types, s.teams, s.priorities, s.status, s.paused_reason,
            s.paused_at, s.consecutive_failures, s.created_at, s.created_by, s.updated_at,
            (select count(*) from webhook_delivery d where d.subscription_id = s.id and d.status = 'PENDING') as pending
            """;

    private final JdbcClient jdbc;

    Subscriptions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Only events stored after this call are delivered to it (see from_position). */
    @Transactional
    Subscription create(SubscriptionRequest request, String actor, Instant now) {
        UUID id = UUID.randomUUID();
        bind(jdbc.sql("""
                        insert into webhook_subscription (id, url, description, event_types, teams, priorities, secret,
                            status, from_position, created_at, created_by, updated_at)
                        values (:id, :url, :description, :types::text[], :teams::text[], :priorities::text[], :secret,
                            'ACTIVE', (select coalesce(max(global_index), 0) from domain_event_entry), :now, :actor, :now)
                        """), id, request, now)
                .param("actor", actor)
                .update();
        return find(id).orElseThrow();
    }

    List<Subscription> list() {
        return jdbc.sql("select " + COLUMNS + " from webhook_subscription s order by s.created_at, s.id")
                .query(Subscriptions::subscription).list();
    }

    Optional<Subscription> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from webhook_subscription s where s.id = :id")
                .param("id", id).query(Subscriptions::subscription).optional();
    }

    /** Replaces URL, types, filter and description; the secret only when one is given. */
    @Transactional
    Optional<Subscription> replace(UUID id, SubscriptionRequest request, Instant now) {
        int updated = bind(jdbc.sql("""
                        update webhook_subscription set url = :url, description = :description,
                            event_types = :types::text[], teams = :teams::text[], priorities = :priorities::text[],
                            secret = coalesce(:secret, secret), updated_at = :now
                        where id = :id
                        """), id, request, now)
                .update();
        return updated == 0 ? Optional.empty() : find(id);
    }

    /** Its waiting deliveries and their log go with it. */
    boolean delete(UUID id) {
        return jdbc.sql("delete from webhook_subscription where id = :id").param("id", id).update() > 0;
    }

    @Transactional
    Optional<Subscription> pause(UUID id, String reason, Instant now) {
        jdbc.sql("""
                        update webhook_subscription set status = 'PAUSED', paused_reason = :reason, paused_at = :now,
                            updated_at = :now
                        where id = :id and status = 'ACTIVE'
                        """)
                .param("id", id).param("reason", reason).param("now", Timestamp.from(now)).update();
        return find(id); // pausing a paused subscription changes nothing
    }

    /**
     * Active again with a clean failure count, and everything that waited is due now: the queue is sent
     * from its oldest delivery on, in order.
     */
    @Transactional
    Optional<Subscription> resume(UUID id, Instant now) {
        int updated = jdbc.sql("""
                        update webhook_subscription set status = 'ACTIVE', paused_reason = null, paused_at = null,
                            consecutive_failures = 0, updated_at = :now
                        where id = :id
                        """)
                .param("id", id).param("now", Timestamp.from(now)).update();
        if (updated == 0) {
            return Optional.empty();
        }
        jdbc.sql("update webhook_delivery set next_attempt_at = :now where subscription_id = :id and status = 'PENDING'")
                .param("id", id).param("now", Timestamp.from(now)).update();
        return find(id);
    }

    /** The columns a create and a replace both write, from the request. */
    private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement, UUID id,
                                                 SubscriptionRequest request, Instant now) {
        Subscription.Filter filter = request.filterOrNone();
        return statement
                .param("id", id)
                .param("url", request.url())
                .param("description", request.description())
                .param("types", request.distinctEventTypes().toArray(String[]::new))
                .param("teams", filter.teams().toArray(String[]::new))
                .param("priorities", filter.priorities().stream().map(Enum::name).toArray(String[]::new))
                .param("secret", request.secret())
                .param("now", Timestamp.from(now));
    }

    private static Subscription subscription(ResultSet rs, int row) throws SQLException {
        return new Subscription(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("description"),
                strings(rs.getArray("event_types")),
                new Subscription.Filter(strings(rs.getArray("teams")),
                        strings(rs.getArray("priorities")).stream().map(Priority::valueOf).toList()),
                Subscription.Status.valueOf(rs.getString("status")), rs.getString("paused_reason"),
                instant(rs.getTimestamp("paused_at")), rs.getInt("consecutive_failures"), rs.getLong("pending"),
                instant(rs.getTimestamp("created_at")), rs.getString("created_by"),
                instant(rs.getTimestamp("updated_at")));
    }

    static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
