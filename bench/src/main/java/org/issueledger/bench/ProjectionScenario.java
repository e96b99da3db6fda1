package org.issueledger.bench;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * #9 scenario 3, and the proof that the synthetic events are valid: the live consumer of the query-service works
 * through a topic pre-filled with BENCH_PROJECTION_EVENTS (default 100,000) synthetic events, from offset 0. Done
 * when the stored offsets of all partitions add up to the events produced; every event must be applied, none
 * dead-lettered.
 */
final class ProjectionScenario implements Scenario {

    static final String NAME = "projection";
    static final double TARGET_EVENTS_PER_SECOND = 30_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "query-service consuming a pre-filled topic of " + events() + " events (live projections)";
    }

    @Override
    public int concurrency(Settings settings) {
        return 1;
    }

    private static int events() {
        return Settings.intEnv("BENCH_PROJECTION_EVENTS", 100_000);
    }

    @Override
    public void prepare(Context context) throws Exception {
        RebuildScenario.fill(context, events(), false, RebuildScenario.prepared(context.settings, NAME));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> filled = JSON.readValue(
                Files.readString(RebuildScenario.prepared(context.settings, NAME)), Map.class);
        long events = ((Number) filled.get("events")).longValue();
        out.put("topic", filled);
        out.put("target", "≥ " + (int) TARGET_EVENTS_PER_SECOND + " events/s");
        // The consumer started with the service and may have applied events before the service was ready (under a
        // heavy load, start-up takes a minute): the rate counts only those applied from here on, over the same
        // window as the processes' CPU figures.
        long start = System.nanoTime();
        long appliedBefore = QuerySide.appliedRecords(context);
        out.put("appliedBeforeStart", appliedBefore);
        long deadline = start + Duration.ofSeconds(Settings.intEnv("BENCH_PROJECTION_TIMEOUT", 1800)).toNanos();
        long applied = QuerySide.awaitApplied(context, events, deadline, NAME);
        double seconds = (System.nanoTime() - start) / 1e9;
        long deadLetters = scalar(context, "SELECT count(*) FROM dead_letter");
        long issues = scalar(context, "SELECT count(*) FROM issue_view");
        out.put("seconds", Latencies.round(seconds));
        double rate = (applied - appliedBefore) / seconds;
        out.put("throughput", new Figure(Latencies.round(rate), "events/s"));
        out.put("appliedEvents", applied);
        out.put("deadLetters", deadLetters);
        out.put("issueViewRows", issues);
        boolean complete = applied >= events && deadLetters == 0
                && issues == ((Number) filled.get("issues")).longValue();
        // One progress upsert per batch: how many batches the polls made (the statistics reach the view once the
        // consumer's backend has been idle for a while, at most ~10 s).
        out.put("processesWhenApplied", stats.snapshot());
        Thread.sleep(11_000);
        long batches = scalar(context, "SELECT n_tup_ins + n_tup_upd FROM pg_stat_user_tables"
                + " WHERE relname = 'projection_status'");
        out.put("batches", batches);
        out.put("eventsPerBatch", batches == 0 ? null : Math.round((double) applied / batches));
        out.put("status", !complete ? "FAILED" : rate >= TARGET_EVENTS_PER_SECOND ? "ok" : "MISSED");
        Context.log("projection: " + applied + " events in " + Math.round(seconds) + " s, " + deadLetters
                + " dead letters, " + issues + " issues, " + batches + " batches");
        return out;
    }

    private static long scalar(Context context, String sql) throws Exception {
        try (Connection connection = context.queryDb(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
