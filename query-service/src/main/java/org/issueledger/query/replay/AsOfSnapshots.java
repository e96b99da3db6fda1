package org.issueledger.query.replay;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.EnvelopeReader;
import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.issueledger.query.consuming.UnreadableRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Answers a figure "as it stood at" a past instant: the KPI and SLA read models replayed from the audit
 * trail (the query side's full copy of the log), keeping only events the event store had recorded by then,
 * into a schema of their own. The same queries then run against those tables.
 *
 * <p>A snapshot is built once per instant and kept, as auditors ask about the same quarter close again and
 * again; the least recently used go beyond {@code issueledger.as-of.keep}. Building replays every event up to
 * the instant, so a question about a new instant may take a while: it waits up to
 * {@code issueledger.as-of.wait}, then is told to come back ({@link AsOfPreparing}).
 */
@Component
public class AsOfSnapshots implements DisposableBean {

    /** Names, on an answer "as of" an instant, the instant it stood at. */
    public static final String HEADER = "X-As-Of";

    private static final Logger log = LoggerFactory.getLogger(AsOfSnapshots.class);
    private static final Set<String> MODELS = Set.of("kpi", "sla");
    private static final int PAGE = 5_000;
    private static final String COLUMNS = "as_of, schema_name, state, events_done, events_total, updated_at, error";
    private static final Duration DEAD_AFTER = Duration.ofMinutes(2);
    // Events reach the read models a moment after the event store records them; an instant closer to now than
    // this could still gain events and must not be frozen into a snapshot.
    private static final Duration SETTLED = Duration.ofMinutes(1);

    private final List<Projection> projections;
    private final List<ReadModel> models;
    private final FreshTables fresh;
    private final EnvelopeReader reader;
    private final JdbcClient jdbc;
    private final ProjectionProgress progress;
    private final Duration wait;
    private final int keep;
    private final Clock clock = Clock.systemUTC();
    private final ExecutorService builder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "as-of-snapshots");
        thread.setDaemon(true);
        return thread;
    });

    AsOfSnapshots(List<Projection> projections, FreshTables fresh, EnvelopeReader reader, JdbcClient jdbc,
                  ProjectionProgress progress,
                  @Value("${issueledger.as-of.wait:20s}") Duration wait,
                  @Value("${issueledger.as-of.keep:12}") int keep) {
        this.projections = projections.stream().filter(p -> MODELS.contains(p.readModel().name())).toList();
        this.models = this.projections.stream().map(Projection::readModel).toList();
        this.fresh = fresh;
        this.reader = reader;
        this.jdbc = jdbc;
        this.progress = progress;
        this.wait = wait;
        this.keep = keep;
    }

    /**
     * Runs {@code query} against the KPI and SLA tables as they stood at {@code asOf}, or against the live ones
     * when {@code asOf} is null.
     *
     * @throws AsOfRefused   when the instant is in the future or not yet fully seen here
     * @throws AsOfPreparing when the snapshot is still being built after the wait
     */
    public <T> T answer(Instant asOf, Supplier<T> query) {
        if (asOf == null) {
            return query.get();
        }
        Instant instant = asOf.truncatedTo(ChronoUnit.MILLIS);
        String schema = ready(instant);
        jdbc.sql("UPDATE as_of_snapshot SET last_used_at = :now WHERE as_of = :asOf")
                .param("now", utc(clock.instant())).param("asOf", utc(instant)).update();
        return fresh.within(schema, query);
    }

    private String ready(Instant asOf) {
        Optional<Snapshot> known = find(asOf);
        if (known.isPresent() && known.get().state().equals("READY")) {
            return known.get().schema();
        }
        if (known.isEmpty() || known.get().state().equals("FAILED") || known.get().dead(clock.instant())) {
            refuseIfNotSeenYet(asOf);
            startBuilding(asOf, known.isPresent());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Snapshot snapshot = find(asOf).orElseThrow();
            switch (snapshot.state()) {
                case "READY" -> {
                    return snapshot.schema();
                }
                case "FAILED" -> throw new IllegalStateException("Replaying the trail up to " + asOf + " failed: "
                        + snapshot.error());
                default -> sleep();
            }
        }
        Snapshot snapshot = find(asOf).orElseThrow();
        throw new AsOfPreparing(asOf, snapshot.done(), snapshot.total());
    }

    private void refuseIfNotSeenYet(Instant asOf) {
        Instant now = clock.instant();
        if (asOf.isAfter(now.minus(SETTLED))) {
            throw new AsOfRefused(asOf, "asOf must lie at least " + SETTLED.toMinutes()
                    + " minute in the past; for current figures leave it out");
        }
        Freshness freshness = progress.freshness();
        boolean caughtUp = freshness.pendingEvents() != null && freshness.pendingEvents() == 0;
        boolean seenBeyond = freshness.lastRecordedAt() != null && !freshness.lastRecordedAt().isBefore(asOf);
        if (!caughtUp && !seenBeyond) {
            throw new AsOfRefused(asOf, "this service has not yet applied every event recorded up to asOf (newest "
                    + "applied was recorded at " + freshness.lastRecordedAt() + ", " + freshness.pendingEvents()
                    + " events pending); ask again once it has caught up");
        }
    }

    private void startBuilding(Instant asOf, boolean replacing) {
        String schema = "asof_" + asOf.toEpochMilli();
        Instant now = clock.instant();
        try {
            if (replacing) {
                jdbc.sql("DELETE FROM as_of_snapshot WHERE as_of = :asOf AND state <> 'READY'")
                        .param("asOf", utc(asOf)).update();
            }
            jdbc.sql("""
                            INSERT INTO as_of_snapshot (as_of, schema_name, state, started_at, updated_at, last_used_at)
                            VALUES (:asOf, :schema, 'BUILDING', :now, :now, :now)
                            """)
                    .param("asOf", utc(asOf)).param("schema", schema).param("now", utc(now))
                    .update();
        } catch (DuplicateKeyException e) {
            return; // another request, here or on another instance, is building it
        }
        builder.execute(() -> build(asOf, schema));
    }

    private void build(Instant asOf, String schema) {
        long started = System.nanoTime();
        try {
            fresh.drop(schema);
            fresh.create(schema, models);
            long total = jdbc.sql("SELECT count(*) FROM audit_entry WHERE recorded_at <= :asOf")
                    .param("asOf", utc(asOf)).query(Long.class).single();
            long done = 0;
            long after = -1;
            while (true) {
                List<byte[]> page = page(asOf, after);
                if (page.isEmpty()) {
                    break;
                }
                List<ConsumedEvent> events = page.stream().map(this::read).toList();
                fresh.within(schema, () -> {
                    events.forEach(event -> projections.forEach(projection -> projection.apply(event)));
                    return null;
                });
                after = events.get(events.size() - 1).globalPosition();
                done += events.size();
                jdbc.sql("UPDATE as_of_snapshot SET events_done = :done, events_total = :total, updated_at = :now "
                                + "WHERE as_of = :asOf")
                        .param("done", done).param("total", total).param("now", utc(clock.instant()))
                        .param("asOf", utc(asOf)).update();
            }
            jdbc.sql("UPDATE as_of_snapshot SET state = 'READY', updated_at = :now WHERE as_of = :asOf")
                    .param("now", utc(clock.instant())).param("asOf", utc(asOf)).update();
            log.info("Read models as of {} replayed from {} events in {} ms", asOf, done,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            evictBeyondKeep();
        } catch (RuntimeException e) {
            log.error("Replaying the read models as of {} failed", asOf, e);
            jdbc.sql("UPDATE as_of_snapshot SET state = 'FAILED', error = :error, updated_at = :now WHERE as_of = :asOf")
                    .param("error", String.valueOf(e.getMessage())).param("now", utc(clock.instant()))
                    .param("asOf", utc(asOf)).update();
            fresh.drop(schema);
        }
    }

    /** The trail as the envelopes it was made from, in the event store's order. */
    private List<byte[]> page(Instant asOf, long after) {
        return jdbc.sql("""
                        SELECT json_build_object(
                                   'eventId', event_id, 'type', type, 'version', version, 'issueId', issue_id,
                                   'sequence', sequence, 'globalPosition', global_position,
                                   'occurredAt', to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                   'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                                   'actor', actor, 'metadata', CAST(metadata AS json), 'payload', CAST(payload AS json))::text
                          FROM audit_entry
                         WHERE global_position > :after AND recorded_at <= :asOf
                         ORDER BY global_position
                         LIMIT :page
                        """)
                .param("after", after).param("asOf", utc(asOf)).param("page", PAGE)
                .query((rs, row) -> rs.getString(1).getBytes(StandardCharsets.UTF_8))
                .list();
    }

    private ConsumedEvent read(byte[] envelope) {
        try {
            return reader.read(envelope);
        } catch (UnreadableRecord e) {
            // The trail only holds events that were read once already; this one no longer is.
            throw new IllegalStateException("An audit entry no longer reads as an event: " + e.getMessage(), e);
        }
    }

    private void evictBeyondKeep() {
        List<Snapshot> stale = jdbc.sql("SELECT " + COLUMNS + " FROM as_of_snapshot WHERE state = 'READY'"
                        + " ORDER BY last_used_at DESC OFFSET :keep")
                .param("keep", keep).query(this::map).list();
        for (Snapshot snapshot : stale) {
            jdbc.sql("DELETE FROM as_of_snapshot WHERE as_of = :asOf").param("asOf", utc(snapshot.asOf())).update();
            fresh.drop(snapshot.schema());
        }
    }

    private Optional<Snapshot> find(Instant asOf) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM as_of_snapshot WHERE as_of = :asOf")
                .param("asOf", utc(asOf)).query(this::map).optional();
    }

    private Snapshot map(ResultSet rs, int row) throws SQLException {
        return new Snapshot(rs.getObject("as_of", OffsetDateTime.class).toInstant(), rs.getString("schema_name"),
                rs.getString("state"), rs.getLong("events_done"), rs.getObject("events_total", Long.class),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getString("error"));
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a snapshot", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void destroy() {
        builder.shutdownNow();
    }

    private record Snapshot(Instant asOf, String schema, String state, long done, Long total, Instant updatedAt,
                            String error) {

        boolean dead(Instant now) {
            return state.equals("BUILDING") && updatedAt.isBefore(now.minus(DEAD_AFTER));
        }
    }
}
