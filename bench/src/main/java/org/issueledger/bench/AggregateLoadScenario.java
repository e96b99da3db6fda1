package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * #9 scenario 7: what a long history costs a command. One issue is driven to BENCH_AGGREGATE_EVENTS (1,000) events;
 * then the same cheap command (a comment) is timed BENCH_AGGREGATE_SAMPLES (300) times on it and on a fresh issue.
 * The command-service keeps the issues it last saved in memory and replays an issue's history only when the store
 * holds something newer (another instance wrote to it) or it was not kept: so the difference is what a kept issue's
 * length still costs (nothing but the check of its last sequence number). A full replay is what the as-of fold
 * ({@code GET /api/issues/{id}/state?asOf=}) does, timed here with the raw stream {@code GET /api/issues/{id}/events}.
 */
final class AggregateLoadScenario implements Scenario {

    static final String NAME = "aggregate";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "command latency on an issue with " + events() + " events vs a fresh one";
    }

    @Override
    public int concurrency(Settings settings) {
        return 1;
    }

    private static int events() {
        return Settings.intEnv("BENCH_AGGREGATE_EVENTS", 1_000);
    }

    @Override
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        CommandClient client = new CommandClient(context);
        UUID longIssue = client.create(1);
        client.accepted("/api/issues/" + longIssue + "/assign", "dispatcher", CommandClient.firstOwner(1));
        client.accepted("/api/issues/" + longIssue + "/start", "agent", "");
        String[][] cycle = CommandClient.cycle(1);
        int sent = 0;
        while (eventCount(context, longIssue) < events()) {
            for (int k = 0; k < 50; k++, sent++) {
                String[] command = cycle[sent % cycle.length];
                client.accepted("/api/issues/" + longIssue + command[0], "agent", command[1]);
            }
        }
        long stored = eventCount(context, longIssue);
        Context.log("aggregate: issue " + longIssue + " has " + stored + " events");
        UUID fresh = client.create(2);

        int samples = Settings.intEnv("BENCH_AGGREGATE_SAMPLES", 300);
        Latencies onLong = comments(client, longIssue, samples);
        Latencies onFresh = comments(client, fresh, samples);
        Latencies stream = new Latencies();
        Latencies asOf = new Latencies();
        for (int i = 0; i < 50; i++) {
            stream.record(get(context, "/api/issues/" + longIssue + "/events"));
            asOf.record(get(context, "/api/issues/" + longIssue + "/state?asOf=" + java.time.Instant.now()));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", "informative");
        out.put("eventsInIssue", stored);
        out.put("throughput", new Figure(Latencies.round(1000 / onLong.meanMs()), "commands/s (one client)"));
        out.put("latencyMs", onLong.summary());
        out.put("freshIssueLatencyMs", onFresh.summary());
        out.put("eventStreamLatencyMs", stream.summary());
        out.put("asOfStateLatencyMs", asOf.summary());
        double cost = onLong.percentileMs(50) - onFresh.percentileMs(50);
        out.put("historyCostMsAtP50", Latencies.round(cost));
        out.put("status", "ok");
        out.put("note", "a comment on a " + stored + "-event issue p50 " + Latencies.round(onLong.percentileMs(50))
                + " ms vs " + Latencies.round(onFresh.percentileMs(50)) + " ms on a fresh one");
        Context.log("aggregate: " + out.get("note"));
        return out;
    }

    private static Latencies comments(CommandClient client, UUID issue, int samples) throws Exception {
        Latencies latencies = new Latencies();
        for (int i = 0; i < samples; i++) {
            latencies.record(client.accepted("/api/issues/" + issue + "/comments", "agent",
                    "{\"text\":\"note " + i + "\",\"publicComment\":false}").nanos());
        }
        return latencies;
    }

    private static long eventCount(Context context, UUID issue) throws Exception {
        HttpResponse<String> events = context.http.send(request(context, "/api/issues/" + issue + "/events"),
                HttpResponse.BodyHandlers.ofString());
        return events.body().split("\"sequence\":", -1).length - 1L;
    }

    private static long get(Context context, String path) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> answer = context.http.send(request(context, path), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return System.nanoTime() - start;
    }

    private static HttpRequest request(Context context, String path) {
        return HttpRequest.newBuilder(URI.create(context.settings.commandUrl() + path))
                .header("X-API-Key", Context.API_KEY).timeout(Duration.ofSeconds(30)).GET().build();
    }
}
