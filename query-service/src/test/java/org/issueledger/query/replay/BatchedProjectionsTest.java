package org.issueledger.query.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.SampleEvents;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The projections apply a poll's events as one batch, set-based. What a batch leaves must be exactly what applying
 * its events one by one leaves: each case here applies the same events both ways, each way into fresh tables of
 * every read model (as a rebuild does), and compares every row of every table. The cases are those one event at a
 * time never met: several events of an issue in one batch (its creation and reclassification included), an event
 * twice in one batch, and a batch redelivered after part of it was applied.
 */
class BatchedProjectionsTest extends QueryServiceTestSupport {

    @Autowired
    FreshTables fresh;

    @Autowired
    List<Projection> projections;

    private final Random random = new Random(20261122L);
    private final List<String> schemas = new ArrayList<>();

    @AfterEach
    void dropSchemas() {
        schemas.forEach(fresh::drop);
    }

    @Test
    void aBatchLeavesEveryRowAsOneEventAtATimeDoes() {
        Workload workload = workload();
        Map<String, List<String>> oneByOne = oneByOne(workload.events());

        String whole = schema();
        apply(whole, workload.events());
        String chunked = schema();
        for (List<ConsumedEvent> chunk : randomChunks(workload.events())) {
            apply(chunked, chunk);
        }

        assertThat(rows(whole)).isEqualTo(oneByOne);
        assertThat(rows(chunked)).isEqualTo(oneByOne);
        // But the staging tables, which only a replay writes.
        Set<String> staging = models().stream().flatMap(model -> model.staging().stream()).collect(Collectors.toSet());
        oneByOne.forEach((table, rows) -> assertThat(rows).as(table + (staging.contains(table)
                ? " empty outside a replay" : " has rows to compare")).matches(r -> r.isEmpty() == staging.contains(table)));
        // Created and reclassified in the same batch: counted under the new category only, the old one is gone.
        assertThat(count(whole, "SELECT count(*) FROM %s.issue_view WHERE issue_id = '" + workload.reclassified()
                + "' AND category = 'moved-here'")).isOne();
        assertThat(count(whole, "SELECT count(*) FROM %s.ranking_count WHERE dimension = 'category' AND key = "
                + "'triaged-wrongly'")).isZero();
        assertThat(count(whole, "SELECT coalesce(sum(created), 0) FROM %s.kpi_daily WHERE dimension = 'category' "
                + "AND key = 'moved-here'")).isOne();
    }

    @Test
    void anEventTwiceInOneBatchCountsOnce() {
        Workload workload = workload();
        List<ConsumedEvent> withRepeats = new ArrayList<>();
        for (ConsumedEvent event : workload.events()) {
            withRepeats.add(event);
            if (random.nextInt(3) == 0) {
                withRepeats.add(event); // redelivered at once
            }
        }
        // And some redelivered later in the same batch, after newer events of their issue.
        withRepeats.addAll(workload.events().subList(0, workload.events().size() / 3));

        String batched = schema();
        apply(batched, withRepeats);

        assertThat(rows(batched)).isEqualTo(oneByOne(workload.events()));
    }

    @Test
    void aBatchRedeliveredAfterPartOfItWasAppliedAppliesTheRestOnce() {
        Workload workload = workload();
        List<ConsumedEvent> events = workload.events();
        int applied = events.size() / 2;

        String batched = schema();
        apply(batched, events.subList(0, applied));
        // A crash after the first transaction: the consumer starts again from an older offset, so the batch it
        // polls overlaps what was applied.
        apply(batched, events.subList(applied / 2, events.size()));
        apply(batched, events);

        assertThat(rows(batched)).isEqualTo(oneByOne(events));
    }

    @Test
    void aReplayThatDerivesTheRollUpsOnceCaughtUpLeavesEveryRowAsTheLiveConsumerDoes() {
        Workload workload = workload();
        List<ConsumedEvent> events = workload.events();
        Map<String, List<String>> live = oneByOne(events);
        int caughtUp = events.size() * 2 / 3;

        String replayed = "batch_test_" + UUID.randomUUID().toString().replace("-", "");
        schemas.add(replayed);
        FreshTables.BulkLoad load = fresh.createForBulkLoad(replayed, models());
        for (List<ConsumedEvent> chunk : randomChunks(events.subList(0, caughtUp))) {
            fresh.within(replayed, () -> {
                projections.forEach(projection -> projection.replayAll(chunk));
                return null;
            });
        }
        List<String> derived = models().stream().flatMap(model -> model.derived().stream())
                .map(ReadModel.Derived::table).toList();
        assertThat(derived).contains("sla_compliance_daily", "sla_duration_daily", "kpi_monthly",
                "kpi_duration_rollup", "ranking_count_weekly");
        derived.forEach(table -> assertThat(count(replayed, "SELECT count(*) FROM %s." + table))
                .as(table + " left alone by the replay").isZero());
        List<String> staging = models().stream().flatMap(model -> model.staging().stream()).toList();
        assertThat(staging).contains("kpi_daily_replay", "kpi_duration_replay", "ranking_count_replay");
        staging.forEach(table -> assertThat(count(replayed, "SELECT count(*) FROM %s." + table))
                .as(table + " appended to by the replay").isPositive());
        fresh.completeBulkLoad(load);
        staging.forEach(table -> assertThat(count(replayed, "SELECT count(*) FROM %s." + table))
                .as(table + " emptied once summed").isZero());
        // Events arriving after the replay caught up are applied as the live consumer applies them.
        for (List<ConsumedEvent> chunk : randomChunks(events.subList(caughtUp, events.size()))) {
            apply(replayed, chunk);
        }

        assertThat(rows(replayed)).isEqualTo(live);
        String reference = schema();
        assertThat(indexes(replayed)).isEqualTo(indexes(reference));
        assertThat(constraints(replayed)).isEqualTo(constraints(reference)).anyMatch(key -> key.contains("FOREIGN KEY"));
        assertThat(count(replayed, "SELECT count(*) FROM pg_class WHERE relnamespace = '%s'::regnamespace "
                + "AND relkind = 'r' AND relpersistence <> 'p'")).as("unlogged tables left").isZero();
    }

    private List<String> constraints(String schema) {
        return jdbc.sql("""
                        SELECT t.relname || ' ' || k.conname || ' ' || replace(pg_get_constraintdef(k.oid), :schema || '.', '')
                          FROM pg_constraint k JOIN pg_class t ON t.oid = k.conrelid
                         WHERE k.connamespace = CAST(:schema AS regnamespace) AND t.relname IN (:tables)
                         ORDER BY 1
                        """)
                .param("schema", schema)
                .param("tables", models().stream().flatMap(model -> model.tables().stream()).toList())
                .query(String.class).list();
    }

    private List<String> indexes(String schema) {
        return jdbc.sql("SELECT replace(indexdef, :schema, 'S') FROM pg_indexes WHERE schemaname = :schema ORDER BY 1")
                .param("schema", schema).query(String.class).list();
    }

    /** Random but legal histories, interleaved across issues as partitions interleave them, in order per issue. */
    private Workload workload() {
        List<List<EventEnvelope>> issues = new ArrayList<>();
        String[] teams = {"network", "storage", "desk"};
        String[] categories = {"outage", "access", "hardware"};
        for (int i = 0; i < 25; i++) {
            Instant at = Instant.parse("2026-10-01T08:00:00Z").plus(random.nextInt(20 * 24), ChronoUnit.HOURS);
            IssueStory story = IssueStory.created(time(at), "Printer " + random.nextInt(4) + " jams",
                    categories[random.nextInt(3)], "comp-" + random.nextInt(3), Priority.values()[random.nextInt(4)],
                    teams[random.nextInt(3)]);
            story.assigned(time(at = later(at)), "owner-" + random.nextInt(3));
            if (random.nextBoolean()) {
                story.answered(time(at = later(at)));
            }
            story.started(time(at = later(at)));
            if (random.nextInt(3) == 0) {
                story.escalated(time(at = later(at)));
            }
            if (random.nextInt(3) == 0) {
                story.reclassified(time(at = later(at)), categories[random.nextInt(3)], "comp-" + random.nextInt(3));
            }
            if (random.nextInt(3) == 0) {
                story.prioritised(time(at = later(at)), Priority.values()[random.nextInt(4)]);
            }
            if (random.nextInt(4) == 0) {
                story.breached(time(at = later(at)), ClockKind.RESOLUTION);
            }
            if (random.nextInt(4) != 0) {
                story.resolved(time(at = later(at)));
                if (random.nextInt(4) == 0) {
                    story.rejected(time(at = later(at))).resolved(time(at = later(at)));
                }
                story.closed(time(at = later(at)), random.nextBoolean() ? 1 + random.nextInt(5) : null);
                if (random.nextInt(4) == 0) {
                    story.reopened(time(later(at)));
                }
            }
            issues.add(story.events());
        }
        IssueStory moved = IssueStory.created("2026-10-02T09:00", "Badge reader dead", "triaged-wrongly", "door",
                Priority.P2, "desk");
        moved.assigned("2026-10-02T09:05", "owner-1").reclassified("2026-10-02T09:10", "moved-here", "door")
                .started("2026-10-02T09:20").resolved("2026-10-02T10:00");
        issues.add(moved.events());
        for (int i = 0; i < 3; i++) {
            IssueTimeline everything = new IssueTimeline();
            List<EventEnvelope> events = new ArrayList<>();
            for (Class<? extends IssueEvent> type : SampleEvents.permittedTypes()) {
                events.add(everything.next(SampleEvents.sample(type, everything.issueId(), everything.tick())));
            }
            issues.add(events);
        }
        return new Workload(interleaved(issues), moved.issueId());
    }

    private record Workload(List<ConsumedEvent> events, UUID reclassified) {
    }

    private List<ConsumedEvent> interleaved(List<List<EventEnvelope>> issues) {
        List<ConsumedEvent> events = new ArrayList<>();
        List<List<EventEnvelope>> left = new ArrayList<>();
        issues.forEach(issue -> left.add(new ArrayList<>(issue)));
        while (!left.isEmpty()) {
            int pick = random.nextInt(left.size());
            events.add(IssueTimeline.consumed(left.get(pick).remove(0)));
            if (left.get(pick).isEmpty()) {
                left.remove(pick);
            }
        }
        return events;
    }

    private List<List<ConsumedEvent>> randomChunks(List<ConsumedEvent> events) {
        List<List<ConsumedEvent>> chunks = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int to = Math.min(events.size(), from + 1 + random.nextInt(40));
            chunks.add(events.subList(from, to));
            from = to;
        }
        return chunks;
    }

    private Map<String, List<String>> oneByOne(List<ConsumedEvent> events) {
        String schema = schema();
        for (ConsumedEvent event : events) {
            apply(schema, List.of(event));
        }
        return rows(schema);
    }

    private String schema() {
        String schema = "batch_test_" + UUID.randomUUID().toString().replace("-", "");
        fresh.create(schema, models());
        schemas.add(schema);
        return schema;
    }

    /** As the consumer and a rebuild do: the batch to every projection, in one transaction. */
    private void apply(String schema, List<ConsumedEvent> batch) {
        fresh.within(schema, () -> {
            projections.forEach(projection -> projection.applyAll(batch));
            return null;
        });
    }

    private Map<String, List<String>> rows(String schema) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (ReadModel model : models()) {
            for (String table : model.tables()) {
                rows.put(table, jdbc.sql("SELECT t::text AS row FROM " + schema + "." + table + " t ORDER BY 1")
                        .query(String.class).list());
            }
        }
        return rows;
    }

    private long count(String schema, String sql) {
        return jdbc.sql(sql.formatted(schema)).query(Long.class).single();
    }

    private List<ReadModel> models() {
        return projections.stream().map(Projection::readModel).toList();
    }

    private Instant later(Instant at) {
        return at.plus(1 + random.nextInt(600), ChronoUnit.MINUTES);
    }

    private static String time(Instant at) {
        return at.toString().substring(0, 16);
    }
}
