package org.issueledger.query.consuming;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** How far the read models have got, for every answer to state its freshness. */
@Component
public class ProjectionProgress {

    private final JdbcClient jdbc;
    private final String consumerGroup;
    private final ConsumerState consumer;

    ProjectionProgress(JdbcClient jdbc, KafkaSettings settings, ConsumerState consumer) {
        this.jdbc = jdbc;
        this.consumerGroup = settings.consumerGroup();
        this.consumer = consumer;
    }

    /**
     * Read this before the data it describes: the data can then only be fresher than stated, never staler.
     */
    public Freshness freshness() {
        Long pending = consumer.pendingEvents();
        return jdbc.sql("""
                        SELECT last_global_position, last_recorded_at, last_applied_at
                          FROM projection_status
                         WHERE consumer_group = :group
                        """)
                .param("group", consumerGroup)
                .query((rs, row) -> new Freshness(
                        rs.getObject("last_global_position", Long.class),
                        instant(rs.getObject("last_recorded_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_applied_at", OffsetDateTime.class)),
                        pending))
                .optional()
                .orElse(new Freshness(null, null, null, pending));
    }

    /** Must run in the transaction that applied the event at {@code globalPosition}. */
    void advance(long globalPosition, Instant recordedAt) {
        // Partitions are consumed side by side, so a batch can end below a position already applied.
        jdbc.sql("""
                        INSERT INTO projection_status (consumer_group, last_global_position, last_recorded_at, last_applied_at)
                        VALUES (:group, :position, :recordedAt, now())
                        ON CONFLICT (consumer_group) DO UPDATE SET
                            last_recorded_at = CASE
                                WHEN excluded.last_global_position > coalesce(projection_status.last_global_position, -1)
                                THEN excluded.last_recorded_at
                                ELSE projection_status.last_recorded_at END,
                            last_global_position = greatest(projection_status.last_global_position,
                                                            excluded.last_global_position),
                            last_applied_at = excluded.last_applied_at
                        """)
                .param("group", consumerGroup)
                .param("position", globalPosition)
                .param("recordedAt", recordedAt.atOffset(ZoneOffset.UTC))
                .update();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
