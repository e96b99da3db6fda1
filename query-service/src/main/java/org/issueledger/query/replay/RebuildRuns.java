package org.issueledger.query.replay;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.issueledger.query.consuming.Replays;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code rebuild_run} rows: how every instance sees every rebuild. */
@Component
class RebuildRuns implements Replays {

    /** A RUNNING row not updated for this long belongs to an instance that died. */
    static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final Clock clock;

    RebuildRuns(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.clock = Clock.systemUTC();
    }

    /** Records a new RUNNING rebuild, or answers empty when another one is running. */
    Optional<UUID> begin(List<String> readModels) {
        jdbc.sql("""
                        UPDATE rebuild_run SET state = 'ABANDONED', finished_at = :now,
                                               error = 'the instance running it stopped reporting progress'
                         WHERE state = 'RUNNING' AND updated_at < :staleBefore
                        """)
                .param("now", utc(clock.instant()))
                .param("staleBefore", utc(clock.instant().minus(ABANDONED_AFTER)))
                .update();
        UUID id = UUID.randomUUID();
        try {
            jdbc.sql("""
                            INSERT INTO rebuild_run (id, read_models, state, started_at, updated_at)
                            VALUES (:id, :models, 'RUNNING', :now, :now)
                            """)
                    .param("id", id)
                    .param("models", readModels.toArray(String[]::new))
                    .param("now", utc(clock.instant()))
                    .update();
        } catch (DuplicateKeyException e) {
            return Optional.empty();
        }
        return Optional.of(id);
    }

    /** A RUNNING row its instance still reports on; one that stopped reporting no longer holds anything up. */
    @Override
    public boolean inProgress() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM rebuild_run WHERE state = 'RUNNING' AND updated_at >= :staleBefore)")
                .param("staleBefore", utc(clock.instant().minus(ABANDONED_AFTER)))
                .query(Boolean.class)
                .single();
    }

    void progress(UUID id, long done, Long total) {
        jdbc.sql("UPDATE rebuild_run SET events_done = :done, events_total = :total, updated_at = :now WHERE id = :id")
                .param("id", id)
                .param("done", done)
                .param("total", total)
                .param("now", utc(clock.instant()))
                .update();
    }

    /** Marks the run swapped; meant for the swap's own transaction so both happen or neither. */
    void swapped(UUID id, long done, Long total) {
        end(id, RebuildStatus.State.SWAPPED, done, total, null);
    }

    void failed(UUID id, long done, Long total, String error) {
        end(id, RebuildStatus.State.FAILED, done, total, error);
    }

    Optional<RebuildStatus> find(UUID id) {
        return jdbc.sql("SELECT * FROM rebuild_run WHERE id = :id").param("id", id).query(this::map).optional();
    }

    List<RebuildStatus> latest(int limit) {
        return jdbc.sql("SELECT * FROM rebuild_run ORDER BY started_at DESC LIMIT :limit")
                .param("limit", limit)
                .query(this::map)
                .list();
    }

    /** Ids of the rebuilds that may still be working: their schemas must be left alone. */
    List<UUID> running() {
        return jdbc.sql("SELECT id FROM rebuild_run WHERE state = 'RUNNING'").query(UUID.class).list();
    }

    private void end(UUID id, RebuildStatus.State state, long done, Long total, String error) {
        jdbc.sql("""
                        UPDATE rebuild_run SET state = :state, events_done = :done, events_total = :total,
                                               updated_at = :now, finished_at = :now, error = :error
                         WHERE id = :id
                        """)
                .param("id", id)
                .param("state", state.name())
                .param("done", done)
                .param("total", total)
                .param("now", utc(clock.instant()))
                .param("error", error)
                .update();
    }

    private RebuildStatus map(ResultSet rs, int row) throws SQLException {
        Array models = rs.getArray("read_models");
        return RebuildStatus.of(
                rs.getObject("id", UUID.class),
                Arrays.asList((String[]) models.getArray()),
                RebuildStatus.State.valueOf(rs.getString("state")),
                rs.getLong("events_done"),
                rs.getObject("events_total", Long.class),
                instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("updated_at")),
                instant(rs.getTimestamp("finished_at")),
                rs.getString("error"));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
