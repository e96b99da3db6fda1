package org.issueledger.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Analyst query latency on BENCH_ISSUES (default 1,000,000) issues: every analyst endpoint of the query-service,
 * warmed up, then timed. The read models are loaded straight into PostgreSQL (see {@link ReadModelLoader}); before
 * that, BENCH_SANITY_ISSUES issues go through the real command API, Kafka and the projections, so that the synthetic
 * rows can be compared with real ones.
 */
final class QueryLatencyScenario implements Scenario {

    static final String NAME = "queries";
    static final double TARGET_P95_MS = 50;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "analyst query latency on " + Settings.intEnv("BENCH_ISSUES", 1_000_000)
                + " issues (read models loaded directly), per endpoint after warm-up";
    }

    @Override
    public int concurrency(Settings settings) {
        return Settings.intEnv("BENCH_QUERY_CONCURRENCY", 1);
    }

    @Override
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        int issues = Settings.intEnv("BENCH_ISSUES", 1_000_000);
        int sanityIssues = Settings.intEnv("BENCH_SANITY_ISSUES", 300);
        Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        List<UUID> real = List.of();
        if (sanityIssues > 0) {
            Context.log("sanity: " + sanityIssues + " issues through the command API...");
            long start = System.nanoTime();
            real = new CommandLoad(context).run(sanityIssues);
            waitUntilProjected(context, real);
            Context.log("sanity: projected after " + Math.round((System.nanoTime() - start) / 1e9) + " s");
        }

        Context.log("loading " + issues + " issues into the read models...");
        long loadStart = System.nanoTime();
        Map<String, Double> steps = ReadModelLoader.load(context, issues, end);
        double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
        Context.log("loaded in " + Math.round(loadSeconds) + " s: " + steps);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("issues", issues);
        load.put("seconds", Latencies.round(loadSeconds));
        load.put("steps", steps);
        load.put("rows", rowCounts(context));
        out.put("load", load);
        out.put("sanity", sanity(context, real));

        LocalDate last;
        try (Connection connection = context.queryDb(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT max(created_at) FROM kpi_issue")) {
            rs.next();
            last = rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toLocalDate();
        }

        int warmup = Settings.intEnv("BENCH_WARMUP", 20);
        int samples = Settings.intEnv("BENCH_SAMPLES", 100);
        int concurrency = concurrency(context.settings);
        // a slow endpoint stops early (after at least 10 samples) rather than hold up the run
        int maxSeconds = Settings.intEnv("BENCH_ENDPOINT_SECONDS", 60);
        Latencies all = new Latencies();
        List<Map<String, Object>> endpoints = new ArrayList<>();
        long totalRequests = 0;
        double totalSeconds = 0;
        boolean allMet = true;
        for (Endpoint endpoint : endpoints(last)) {
            Latencies latencies = new Latencies();
            run(context, endpoint, warmup, concurrency, null, maxSeconds);
            long start = System.nanoTime();
            run(context, endpoint, samples, concurrency, latencies, maxSeconds);
            double seconds = (System.nanoTime() - start) / 1e9;
            int timed = latencies.count();
            totalRequests += timed;
            totalSeconds += seconds;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("name", endpoint.name());
            row.put("example", endpoint.path().apply(0));
            row.put("latencyMs", latencies.summary());
            row.put("requestsPerSecond", Latencies.round(timed / seconds));
            row.put("targetP95Ms", TARGET_P95_MS);
            boolean met = latencies.percentileMs(95) < TARGET_P95_MS;
            allMet &= met;
            row.put("status", met ? "ok" : "MISSED");
            endpoints.add(row);
            Context.log(String.format("%-32s p50 %7.1f  p95 %7.1f  p99 %7.1f ms%s", endpoint.name(),
                    latencies.percentileMs(50), latencies.percentileMs(95), latencies.percentileMs(99),
                    timed < samples ? "  (" + timed + " samples)" : ""));
            // the scenario's overall percentiles are over every timed request of every endpoint
            latencies.forEachSample(all::record);
        }
        out.put("throughput", new Figure(Latencies.round(totalRequests / totalSeconds), "req/s"));
        out.put("latencyMs", all.summary());
        out.put("target", "p95 < " + (int) TARGET_P95_MS + " ms per endpoint");
        out.put("status", allMet ? "ok" : "MISSED");
        out.put("endpoints", endpoints);
        out.put("note", "read models loaded directly with set-based SQL (see bench/README.md); every endpoint: "
                + warmup + " warm-up requests, then " + samples + " timed, " + concurrency + " client(s)");
        return out;
    }

    /** One analyst request; the function varies its parameters by request number so that a run is not one query. */
    record Endpoint(String name, Function<Integer, String> path) {
    }

    private static List<Endpoint> endpoints(LocalDate last) {
        String[] teams = {"team-00", "team-01", "team-02", "team-05", "team-10", "team-17"};
        String[] words = {"disk full", "timeout", "login", "backup failed", "crash", "certificate"};
        String yearAgo = last.minusDays(364).toString();
        String elevenMonths = last.minusDays(334).toString();
        String monthAgo = last.minusDays(29).toString();
        List<Endpoint> list = new ArrayList<>();
        list.add(new Endpoint("rankings category 30d", i -> "/api/rankings/category?window=30d&limit=10"));
        list.add(new Endpoint("rankings component 90d", i -> "/api/rankings/component?window=90d&limit=10"));
        list.add(new Endpoint("rankings team 7d", i -> "/api/rankings/team?window=7d&limit=10"));
        list.add(new Endpoint("rankings fingerprint 30d", i -> "/api/rankings/fingerprint?window=30d&limit=10"));
        list.add(new Endpoint("rankings fingerprint all", i -> "/api/rankings/fingerprint?window=all&limit=10"));
        list.add(new Endpoint("rankings most-escalated 30d", i -> "/api/rankings/most-escalated?window=30d&limit=10"));
        list.add(new Endpoint("rankings most-reopened 90d", i -> "/api/rankings/most-reopened?window=90d&limit=10"));
        list.add(new Endpoint("rankings longest-open", i -> "/api/rankings/longest-open?window=all&limit=10"));
        list.add(new Endpoint("rankings sla-breaches 30d", i -> "/api/rankings/sla-breaches-by-team?window=30d&limit=10"));
        list.add(new Endpoint("kpis 30d", i -> "/api/kpis"));
        list.add(new Endpoint("kpis 30d by team", i -> "/api/kpis?groupBy=team"));
        list.add(new Endpoint("kpis 30d by category", i -> "/api/kpis?groupBy=category"));
        list.add(new Endpoint("kpis 11 months by week", i -> "/api/kpis?from=" + elevenMonths + "&to=" + last + "&groupBy=week"));
        list.add(new Endpoint("kpis year by month", i -> "/api/kpis?from=" + yearAgo + "&to=" + last + "&groupBy=month"));
        list.add(new Endpoint("trends created day 30d", i -> "/api/trends?metric=created&interval=day"));
        list.add(new Endpoint("trends backlog week year", i -> "/api/trends?metric=backlog&interval=week&from=" + yearAgo + "&to=" + last));
        list.add(new Endpoint("trends mttr month year", i -> "/api/trends?metric=mttr&interval=month&from=" + yearAgo + "&to=" + last));
        list.add(new Endpoint("heatmap team x category 30d", i -> "/api/heatmap?rows=team&cols=category"));
        list.add(new Endpoint("heatmap team x category year", i -> "/api/heatmap?rows=team&cols=category&from=" + yearAgo + "&to=" + last));
        list.add(new Endpoint("issues newest", i -> "/api/issues?size=50"));
        list.add(new Endpoint("issues team+status", i -> "/api/issues?team=" + teams[i % teams.length] + "&status=IN_PROGRESS&size=50"));
        list.add(new Endpoint("issues P1 page 5", i -> "/api/issues?priority=P1&page=5&size=50&sort=createdAt,desc"));
        list.add(new Endpoint("issues text search", i -> "/api/issues?q=" + enc(words[i % words.length]) + "&size=50"));
        list.add(new Endpoint("issues text+team", i -> "/api/issues?q=" + enc(words[i % words.length]) + "&team=" + teams[i % teams.length] + "&size=50"));
        list.add(new Endpoint("sla compliance all", i -> "/api/sla/compliance"));
        list.add(new Endpoint("sla compliance 30d by team", i -> "/api/sla/compliance?from=" + monthAgo + "&groupBy=team"));
        list.add(new Endpoint("sla compliance year by month", i -> "/api/sla/compliance?from=" + yearAgo + "&groupBy=month"));
        list.add(new Endpoint("sla at-risk", i -> "/api/sla/at-risk?limit=50"));
        return list;
    }

    private static String enc(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void run(Context context, Endpoint endpoint, int requests, int concurrency, Latencies latencies,
                            int maxSeconds) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long stopAt = System.nanoTime() + maxSeconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < concurrency; w++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests && (i < 10 || System.nanoTime() < stopAt)) {
                        HttpRequest request = HttpRequest.newBuilder(URI.create(context.settings.queryUrl()
                                        + endpoint.path().apply(i)))
                                .header("Accept", "application/json")
                                .header("X-API-Key", Context.API_KEY)
                                .timeout(Duration.ofSeconds(60))
                                .GET().build();
                        long start = System.nanoTime();
                        HttpResponse<byte[]> response = context.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        long elapsed = System.nanoTime() - start;
                        if (latencies != null) {
                            if (response.statusCode() == 200) {
                                latencies.record(elapsed);
                            } else {
                                latencies.error();
                                if (latencies.count() == 0) {
                                    Context.log(endpoint.name() + ": HTTP " + response.statusCode() + " "
                                            + new String(response.body(), StandardCharsets.UTF_8));
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void waitUntilProjected(Context context, List<UUID> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(Settings.intEnv("BENCH_SANITY_TIMEOUT", 600)).toNanos();
        int settledRounds = 0;
        long previous = -1;
        while (System.nanoTime() < deadline) {
            long applied;
            try (Connection connection = context.queryDb();
                 PreparedStatement statement = connection.prepareStatement(
                         "SELECT count(*), coalesce(sum(last_sequence), 0) FROM issue_view WHERE issue_id = ANY (?)")) {
                statement.setArray(1, connection.createArrayOf("uuid", ids.toArray()));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    applied = rs.getLong(1) == ids.size() ? rs.getLong(2) : -1;
                }
            }
            // every issue is there and no sequence moved for 3 s: the relay and the consumer are through
            settledRounds = applied >= 0 && applied == previous ? settledRounds + 1 : 0;
            if (settledRounds >= 3) {
                return;
            }
            previous = applied;
            Thread.sleep(1000);
        }
        throw new IllegalStateException("the sanity issues were not projected in time");
    }

    private static Map<String, Long> rowCounts(Context context) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = context.queryDb(); Statement statement = connection.createStatement()) {
            for (String table : ReadModelLoader.tables(connection)) {
                try (ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * Synthetic rows against rows the projections wrote for real issues of the same kind: which columns are null per
     * table and lifecycle state, whether the loader's fingerprint formula gives what {@code Fingerprint} gave, and
     * invariants the projections keep (counters add up to the per-issue rows).
     */
    private static Map<String, Object> sanity(Context context, List<UUID> real) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("realIssues", real.size());
        List<String> differences = new ArrayList<>();
        try (Connection connection = context.queryDb()) {
            Array ids = connection.createArrayOf("uuid", real.toArray());
            String[][] shapes = {
                    {"issue_view", "status"}, {"kpi_issue", "CASE WHEN open THEN 'open' ELSE 'done' END"},
                    {"ranking_issue", "CASE WHEN open THEN 'open' ELSE 'done' END"},
                    {"sla_issue", "priority"}, {"sla_clock", "clock || ' ' || state"}};
            for (String[] shape : shapes) {
                // the real rows, and a 5 % sample of all (to_jsonb of every row of a million takes minutes)
                String sql = """
                        SELECT %2$s AS kind, (issue_id = ANY (?)) AS real,
                               (SELECT string_agg(key, ',' ORDER BY key) FROM jsonb_each(to_jsonb(t)) WHERE value = 'null') AS nulls
                          FROM (SELECT * FROM %1$s WHERE issue_id = ANY (?)
                                UNION ALL SELECT * FROM %1$s TABLESAMPLE SYSTEM (5)) t
                         GROUP BY 1, 2, 3
                        """.formatted(shape[0], shape[1]);
                Map<String, List<String>> realShapes = new LinkedHashMap<>();
                Map<String, List<String>> syntheticShapes = new LinkedHashMap<>();
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    statement.setArray(1, ids);
                    statement.setArray(2, ids);
                    try (ResultSet rs = statement.executeQuery()) {
                        while (rs.next()) {
                            (rs.getBoolean("real") ? realShapes : syntheticShapes)
                                    .computeIfAbsent(rs.getString("kind"), k -> new ArrayList<>())
                                    .add(String.valueOf(rs.getString("nulls")));
                        }
                    }
                }
                realShapes.forEach((kind, nullSets) -> {
                    List<String> synthetic = syntheticShapes.getOrDefault(kind, List.of());
                    for (String nulls : nullSets) {
                        if (!synthetic.contains(nulls)) {
                            differences.add(shape[0] + " " + kind + ": real rows with null {" + nulls
                                    + "} have no synthetic counterpart (synthetic: " + synthetic + ")");
                        }
                    }
                });
            }
            try (PreparedStatement statement = connection.prepareStatement("""
                    SELECT count(*) FILTER (WHERE fingerprint <> lower(regexp_replace(title, '[0-9]+', '#', 'g'))
                                                                 || ' | ' || category || ' | ' || component)
                      FROM ranking_issue WHERE issue_id = ANY (?)""")) {
                statement.setArray(1, ids);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) > 0) {
                        differences.add(rs.getLong(1) + " real fingerprints differ from the loader's formula");
                    }
                }
            }
            Map<String, String> invariants = new LinkedHashMap<>();
            invariants.put("kpi_daily created = kpi_issue rows",
                    "SELECT (SELECT sum(created) FROM kpi_daily WHERE dimension = 'all') - (SELECT count(*) FROM kpi_issue)");
            invariants.put("kpi_daily backlog = open kpi_issue rows",
                    "SELECT (SELECT sum(backlog_change) FROM kpi_daily WHERE dimension = 'all') - (SELECT count(*) FROM kpi_issue WHERE open)");
            invariants.put("kpi_daily by category = total",
                    "SELECT (SELECT sum(created) FROM kpi_daily WHERE dimension = 'category') - (SELECT sum(created) FROM kpi_daily WHERE dimension = 'all')");
            invariants.put("kpi_monthly = kpi_daily by category",
                    "SELECT (SELECT sum(backlog_change) + sum(created) + sum(resolved) FROM kpi_monthly WHERE dimension = 'category') - (SELECT sum(backlog_change) + sum(created) + sum(resolved) FROM kpi_daily WHERE dimension = 'category')");
            invariants.put("kpi_all_teams per day and key = kpi_daily summed over teams",
                    "SELECT count(*) FROM (SELECT dimension, day, key, sum(created) AS created, sum(backlog_change) AS backlog FROM kpi_daily GROUP BY 1, 2, 3) d FULL JOIN (SELECT * FROM kpi_all_teams WHERE span = 'day') a USING (dimension, day, key) WHERE (a.created, a.backlog_change) IS DISTINCT FROM (d.created, d.backlog)");
            invariants.put("kpi_all_teams months = its days",
                    "SELECT (SELECT sum(backlog_change) + sum(created) + sum(resolved) FROM kpi_all_teams WHERE span = 'month') - (SELECT sum(backlog_change) + sum(created) + sum(resolved) FROM kpi_all_teams WHERE span = 'day')");
            invariants.put("kpi_duration_rollup weeks = kpi_duration_daily",
                    "SELECT (SELECT sum(n) FROM kpi_duration_rollup WHERE span = 'week') - (SELECT sum(n) FROM kpi_duration_daily)");
            invariants.put("ranking_count_weekly = ranking_count by category",
                    "SELECT (SELECT sum(n) FROM ranking_count_weekly WHERE dimension = 'category') - (SELECT sum(n) FROM ranking_count WHERE dimension = 'category')");
            invariants.put("ranking_count_all_teams days and weeks = ranking_count by component",
                    "SELECT (SELECT sum(n) FROM ranking_count_all_teams WHERE dimension = 'component') - 2 * (SELECT sum(n) FROM ranking_count WHERE dimension = 'component')");
            invariants.put("ranking_count_all_teams per day and key = ranking_count",
                    "SELECT count(*) FROM (SELECT dimension, day, key, sum(n) AS n FROM ranking_count WHERE dimension IN ('category', 'component') GROUP BY 1, 2, 3 HAVING sum(n) <> 0) d FULL JOIN (SELECT * FROM ranking_count_all_teams WHERE span = 'day') a USING (dimension, day, key) WHERE a.n IS DISTINCT FROM d.n");
            invariants.put("ranking_total team = ranking_issue rows",
                    "SELECT (SELECT sum(n) FROM ranking_total WHERE dimension = 'team') - (SELECT count(*) FROM ranking_issue)");
            invariants.put("two clocks per issue",
                    "SELECT (SELECT count(*) FROM sla_clock) - 2 * (SELECT count(*) FROM sla_issue)");
            invariants.put("sla_compliance_daily clocks = sla_clock rows",
                    "SELECT (SELECT sum(met + breached + running) FROM sla_compliance_daily WHERE dimension = 'all' AND span = 'day') - (SELECT count(*) FROM sla_clock)");
            invariants.put("sla_compliance_daily breached by category and month = breached clocks",
                    "SELECT (SELECT sum(breached) FROM sla_compliance_daily WHERE dimension = 'category' AND span = 'month') - (SELECT count(*) FROM sla_clock WHERE state = 'BREACHED')");
            invariants.put("sla_duration_daily by team and month = stopped clocks",
                    "SELECT (SELECT sum(n) FROM sla_duration_daily WHERE dimension = 'team' AND span = 'month') - (SELECT count(*) FROM sla_clock WHERE stopped_at IS NOT NULL)");
            invariants.put("sla_duration_daily weeks = its days, per team and clock",
                    "SELECT count(*) FROM (SELECT key, clock, date_trunc('week', day)::date AS day, histogram_sum(counts) AS counts, sum(n) AS n, sum(ms) AS ms FROM sla_duration_daily WHERE dimension = 'team' AND span = 'day' GROUP BY 1, 2, 3) d FULL JOIN (SELECT key, clock, day, counts, n, ms FROM sla_duration_daily WHERE dimension = 'team' AND span = 'week') w USING (key, clock, day) WHERE (w.counts, w.n, w.ms) IS DISTINCT FROM (d.counts, d.n, d.ms)");
            invariants.put("sla_duration_daily n = its counts",
                    "SELECT count(*) FROM sla_duration_daily WHERE n <> (SELECT sum(x) FROM unnest(counts) AS x)");
            invariants.put("open issue_view = open kpi_issue",
                    "SELECT (SELECT count(*) FROM issue_view WHERE status IN ('OPEN','ASSIGNED','IN_PROGRESS','ON_HOLD')) - (SELECT count(*) FROM kpi_issue WHERE open)");
            try (Statement statement = connection.createStatement()) {
                for (Map.Entry<String, String> invariant : invariants.entrySet()) {
                    try (ResultSet rs = statement.executeQuery(invariant.getValue())) {
                        rs.next();
                        if (rs.getLong(1) != 0) {
                            differences.add("invariant '" + invariant.getKey() + "' off by " + rs.getLong(1));
                        }
                    }
                }
                Map<String, Object> distribution = new LinkedHashMap<>();
                try (ResultSet rs = statement.executeQuery("""
                        SELECT status, count(*) AS n, round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct
                          FROM issue_view GROUP BY status ORDER BY n DESC""")) {
                    while (rs.next()) {
                        distribution.put(rs.getString("status"), rs.getBigDecimal("pct") + " %");
                    }
                }
                out.put("statusShare", distribution);
                try (ResultSet rs = statement.executeQuery("""
                        SELECT count(DISTINCT team), count(DISTINCT category), count(DISTINCT component),
                               (SELECT count(*) FROM ranking_total WHERE dimension = 'fingerprint')
                          FROM ranking_issue""")) {
                    rs.next();
                    out.put("teams", rs.getLong(1));
                    out.put("categories", rs.getLong(2));
                    out.put("components", rs.getLong(3));
                    out.put("fingerprints", rs.getLong(4));
                }
            }
        }
        out.put("differences", differences);
        out.put("matches", differences.isEmpty());
        Context.log("sanity: " + (differences.isEmpty() ? "synthetic rows have the shape of projected ones"
                : String.join("\n  ", differences)));
        return out;
    }

    /** Issues through the real command API: a lifecycle per issue, BENCH_SANITY_CLIENTS clients (3). */
    static final class CommandLoad {
        private final CommandClient client;

        CommandLoad(Context context) {
            this.client = new CommandClient(context);
        }

        List<UUID> run(int issues) throws Exception {
            List<UUID> ids = Collections.synchronizedList(new ArrayList<>());
            int clients = Settings.intEnv("BENCH_SANITY_CLIENTS", 8);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            AtomicInteger next = new AtomicInteger();
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < clients; w++) {
                workers.add(pool.submit(() -> {
                    Random random = new Random(next.get() * 31L + 7);
                    int i;
                    while ((i = next.getAndIncrement()) < issues) {
                        ids.add(lifecycle(random, i));
                    }
                    return null;
                }));
            }
            try {
                for (Future<?> worker : workers) {
                    worker.get();
                }
            } finally {
                pool.shutdownNow();
            }
            return ids;
        }

        private UUID lifecycle(Random random, int i) throws Exception {
            String[] categories = {"email", "network", "database", "hr portal", "data pipeline"};
            String category = categories[i % categories.length];
            String team = "team-%02d".formatted(i % 20);
            String owner = "agent-%02d-%d".formatted(i % 20, i % 15);
            String priority = "P" + (1 + i % 4);
            String created = post("/api/issues", "reporter", """
                    {"title":"Disk full on db-%d","description":"Reported by monitoring","category":"%s",
                     "component":"%s core","priority":"%s","reporter":"rita","team":"%s"}"""
                    .formatted(random.nextInt(200), category, category, priority, team));
            UUID id = UUID.fromString(created.replaceAll(".*\"issueId\":\"([^\"]+)\".*", "$1"));
            String base = "/api/issues/" + id;
            int fate = i % 10;
            if (fate == 0) {
                post(base + "/cancel", "rita", "{\"reason\":\"INVALID\"}");
                return id;
            }
            if (fate == 1) {
                return id; // stays OPEN
            }
            post(base + "/assign", "dispatcher", "{\"owner\":\"" + owner + "\"}");
            if (fate == 2) {
                return id;
            }
            post(base + "/acknowledge", owner, "");
            post(base + "/start", owner, "");
            if (fate == 3) {
                post(base + "/hold", owner, "{\"reason\":\"waiting for customer\"}");
                return id;
            }
            if (fate == 4) {
                return id;
            }
            post(base + "/resolve", owner, """
                    {"resolutionCode":"FIXED","solutionSummary":"Cleaned up","knowledgeArticle":"KB-1"}""");
            if (fate == 5) {
                return id;
            }
            post(base + "/close", "rita", "{\"closeCode\":\"DONE\",\"satisfaction\":" + (1 + i % 5) + "}");
            return id;
        }

        private String post(String path, String actor, String body) throws Exception {
            return client.accepted(path, actor, body).body();
        }
    }
}
