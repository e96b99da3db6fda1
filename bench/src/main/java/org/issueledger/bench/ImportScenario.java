package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.json.JsonMapper;

/**
 * The bulk import (#7, #9.5) through its admin endpoint, as {@code deploy/local/import.sh} uses it: the file is
 * uploaded ({@code POST /api/admin/imports}, multipart), then {@code GET /api/admin/imports/{id}} every 500 ms until
 * the import is no longer RUNNING. Time = from the start of the upload to the report saying COMPLETED; throughput =
 * source events read / that time. Two variants, each on a fresh system:
 *
 * <ul>
 *   <li>{@code import-bpi2013}: the BPI Challenge 2013 incident log (XES, gzip; 7,554 incidents, 65,533 events) with
 *       the built-in mapping; target: under 30 s;</li>
 *   <li>{@code import-synthetic}: {@code BENCH_IMPORT_EVENTS} (1,000,000) rows of a synthetic help-desk CSV export
 *       ({@link SyntheticImportLog}, seed {@code BENCH_IMPORT_SEED}) with its mapping; target ≥ 20,000 events/s.</li>
 * </ul>
 *
 * Both must also be correct: every event read accepted or rejected, none rejected for the synthetic log (it is
 * legal by construction), one issue per case, and the command side's store must hold the issues.
 */
final class ImportScenario implements Scenario {

    static final String BPI = "import-bpi2013";
    static final String SYNTHETIC = "import-synthetic";
    static final double BPI_TARGET_SECONDS = 30;
    static final double SYNTHETIC_TARGET_EVENTS_PER_SECOND = 20_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final boolean synthetic;

    ImportScenario(boolean synthetic) {
        this.synthetic = synthetic;
    }

    @Override
    public String name() {
        return synthetic ? SYNTHETIC : BPI;
    }

    @Override
    public String description() {
        return synthetic
                ? "bulk import of a synthetic CSV log of " + Settings.intEnv("BENCH_IMPORT_EVENTS", 1_000_000) + " events"
                : "bulk import of the BPI Challenge 2013 incident log (XES, 65,533 events)";
    }

    @Override
    public int concurrency(Settings settings) {
        return 1;
    }

    @Override
    public void prepare(Context context) throws Exception {
        if (!synthetic) {
            return;
        }
        int events = Settings.intEnv("BENCH_IMPORT_EVENTS", 1_000_000);
        Path file = Path.of(System.getProperty("java.io.tmpdir"), "issueledger-bench-import-" + UUID.randomUUID() + ".csv");
        long start = System.nanoTime();
        SyntheticImportLog.Written written = new SyntheticImportLog(Settings.intEnv("BENCH_IMPORT_SEED", 42),
                Instant.parse("2024-01-01T00:00:00Z")).write(file, events);
        Context.log("wrote " + written.rows() + " rows of " + written.tickets() + " tickets (" + written.bytes() / 1_000_000
                + " MB) to " + file + " in " + Math.round((System.nanoTime() - start) / 1e9) + " s");
        Map<String, Object> prepared = new LinkedHashMap<>();
        prepared.put("file", file.toString());
        prepared.put("events", written.rows());
        prepared.put("cases", written.tickets());
        prepared.put("bytes", written.bytes());
        Files.writeString(RebuildScenario.prepared(context.settings, name()), JSON.writeValueAsString(prepared));
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", synthetic ? "≥ " + (int) SYNTHETIC_TARGET_EVENTS_PER_SECOND + " events/s"
                : "< " + (int) BPI_TARGET_SECONDS + " s");
        Path file;
        String mapping = null;
        String query = "";
        Long expectedEvents = null;
        Long expectedCases = null;
        if (synthetic) {
            Map<String, Object> prepared = JSON.readValue(Files.readString(RebuildScenario.prepared(context.settings, name())),
                    Map.class);
            file = Path.of((String) prepared.get("file"));
            mapping = SyntheticImportLog.MAPPING;
            expectedEvents = ((Number) prepared.get("events")).longValue();
            expectedCases = ((Number) prepared.get("cases")).longValue();
            out.put("log", prepared);
        } else {
            file = bpiFile();
            query = "?mapping=bpi2013";
            if (file == null) {
                out.put("status", "NOT RUN");
                out.put("note", "BPI 2013 file not found: set BENCH_BPI2013 to bpi_challenge_2013_incidents.xes.gz");
                return out;
            }
            expectedEvents = 65_533L;
            expectedCases = 7_554L;
            out.put("log", Map.of("file", file.toString(), "bytes", Files.size(file)));
        }
        try {
            long start = System.nanoTime();
            HttpResponse<String> started = upload(context, file, mapping, query);
            double uploadSeconds = (System.nanoTime() - start) / 1e9;
            if (started.statusCode() != 202) {
                out.put("status", "FAILED");
                out.put("note", "POST /api/admin/imports answered " + started.statusCode() + ": " + started.body());
                return out;
            }
            String location = started.headers().firstValue("Location").orElseThrow();
            Context.log("import " + location + " started (upload took " + Latencies.round(uploadSeconds) + " s)");
            Map<String, Object> report = follow(context, location, start);
            double seconds = (System.nanoTime() - start) / 1e9;
            // "processes" (the whole scenario) also holds the wait for the relay below; these are the import's own.
            out.put("processesAtCompletion", stats.snapshot());
            long read = ((Number) report.getOrDefault("read", 0)).longValue();
            long accepted = ((Number) report.getOrDefault("accepted", 0)).longValue();
            long rejected = ((Number) report.getOrDefault("rejected", 0)).longValue();
            long issues = ((Number) report.getOrDefault("issues", 0)).longValue();
            report.remove("rejections"); // up to 1,000 entries; the counts per reason stay
            out.put("report", report);
            out.put("uploadSeconds", Latencies.round(uploadSeconds));
            out.put("seconds", Latencies.round(seconds));
            out.put("throughput", new Figure(Latencies.round(read / seconds), "events/s"));
            Map<String, Object> store = store(context);
            out.put("commandStore", store);
            // The import is done when its events are stored; the tracking processors (the relay to Kafka among them)
            // follow on their own. Where they stood then, and when the relay had sent everything, say how much of the
            // work the import's time holds.
            out.put("processorsAtCompletion", processors(context));
            out.put("relayedAfterSeconds", relayed(context, start, (Long) store.get("lastGlobalIndex")));
            // … and when the query side had applied all of it: from then on an analyst's figures are complete.
            Map<String, Object> projection = projected(context, stats, start, out.get("relayedAfterSeconds") != null);
            out.put("projectedAfterSeconds", projection.get("afterSeconds"));
            out.put("projection", projection);
            List<String> problems = new ArrayList<>();
            if (!"COMPLETED".equals(report.get("state"))) {
                problems.add("state " + report.get("state") + ": " + report.get("error"));
            }
            if (read != expectedEvents) {
                problems.add("read " + read + " events, expected " + expectedEvents);
            }
            if (accepted + rejected != read) {
                problems.add("accepted " + accepted + " + rejected " + rejected + " != read " + read);
            }
            if (synthetic && rejected != 0) {
                problems.add(rejected + " rejected: " + report.get("rejectedByReason"));
            }
            if (issues != expectedCases || !Long.valueOf(issues).equals(store.get("issues"))) {
                problems.add(issues + " issues in the report, " + store.get("issues") + " created in the store, expected "
                        + expectedCases);
            }
            if (out.get("projectedAfterSeconds") == null) {
                problems.add("the query side did not apply every relayed event: " + projection);
            }
            out.put("problems", problems);
            boolean met = synthetic ? read / seconds >= SYNTHETIC_TARGET_EVENTS_PER_SECOND : seconds < BPI_TARGET_SECONDS;
            out.put("status", !problems.isEmpty() ? "FAILED" : met ? "ok" : "MISSED");
            out.put("note", String.format(java.util.Locale.ROOT, "%d events (%d cases) in %.1f s incl. %.1f s upload; "
                            + "%d events stored; the service's own rate %s events/s; all relayed to Kafka after %s s, all projected after %s s%s",
                    read, issues, seconds, uploadSeconds, store.get("events"), report.get("eventsPerSecond"),
                    out.get("relayedAfterSeconds"), out.get("projectedAfterSeconds"),
                    problems.isEmpty() ? "" : "; PROBLEMS: " + problems));
            Context.log(name() + ": " + out.get("note"));
            return out;
        } finally {
            if (synthetic && Settings.intEnv("BENCH_KEEP_DATA", 0) != 1) {
                Files.deleteIfExists(file);
            }
        }
    }

    private static Path bpiFile() {
        for (String candidate : new String[] {Settings.env("BENCH_BPI2013", ""),
                "../shared/data/bpi2013/bpi_challenge_2013_incidents.xes.gz"}) {
            if (!candidate.isBlank() && Files.isRegularFile(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        return null;
    }

    /** Multipart as the CLI sends it: the file (streamed from disk), and the mapping file when there is one. */
    private static HttpResponse<String> upload(Context context, Path file, String mapping, String query) throws Exception {
        String boundary = "----bench" + UUID.randomUUID();
        List<HttpRequest.BodyPublisher> parts = new ArrayList<>();
        parts.add(HttpRequest.BodyPublishers.ofString(partHeader(boundary, "file", file.getFileName().toString())));
        parts.add(HttpRequest.BodyPublishers.ofFile(file));
        if (mapping != null) {
            parts.add(HttpRequest.BodyPublishers.ofString("\r\n" + partHeader(boundary, "mappingFile", "mapping.yml")
                    + mapping));
        }
        parts.add(HttpRequest.BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
        return context.http.send(HttpRequest.newBuilder(URI.create(context.settings.commandUrl() + "/api/admin/imports" + query))
                        .timeout(Duration.ofMinutes(10))
                        .header("X-API-Key", Context.API_KEY)
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .POST(HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new))).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private static String partHeader(String boundary, String name, String fileName) {
        return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> follow(Context context, String location, long start) throws Exception {
        long deadline = start + Duration.ofSeconds(Settings.intEnv("BENCH_IMPORT_TIMEOUT", 3_600)).toNanos();
        long lastLog = System.nanoTime();
        Map<String, Object> report = Map.of();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = context.http.send(HttpRequest.newBuilder(
                            URI.create(context.settings.commandUrl() + location)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json").header("X-API-Key", Context.API_KEY).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                report = JSON.readValue(response.body(), Map.class);
                if (!"RUNNING".equals(report.get("state"))) {
                    return new LinkedHashMap<>(report);
                }
                if (System.nanoTime() - lastLog > 10_000_000_000L) {
                    Context.log("  " + report.get("summary"));
                    lastLog = System.nanoTime();
                }
            }
            Thread.sleep(500);
        }
        Map<String, Object> timedOut = new LinkedHashMap<>(report);
        timedOut.put("state", "TIMED OUT (BENCH_IMPORT_TIMEOUT)");
        return timedOut;
    }

    /** What the command side stored: events, and issues created. */
    /** Each tracking processor's position (its token's global index), as a fraction of the store's last index. */
    private static Map<String, Object> processors(Context context) {
        Map<String, Object> positions = new LinkedHashMap<>();
        try (Connection connection = commandDb(context); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT processor_name, convert_from(token, 'UTF8'),"
                     + " (SELECT max(global_index) FROM domain_event_entry) FROM token_entry ORDER BY 1")) {
            while (rs.next()) {
                long index = tokenIndex(rs.getString(2));
                positions.put(rs.getString(1), rs.getLong(3) == 0 ? null : Latencies.round((double) index / rs.getLong(3)));
            }
        } catch (Exception e) {
            positions.put("error", e.toString());
        }
        return positions;
    }

    /** Seconds from the upload's start until the relay's token reached {@code last}; null if not within 10 minutes. */
    private static Double relayed(Context context, long start, Long last) throws InterruptedException {
        if (last == null) {
            return null;
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection connection = commandDb(context); Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery("SELECT convert_from(token, 'UTF8') FROM token_entry"
                         + " WHERE processor_name = 'kafka-relay'")) {
                if (rs.next() && tokenIndex(rs.getString(1)) >= last) {
                    return Latencies.round((System.nanoTime() - start) / 1e9);
                }
            } catch (Exception e) {
                Context.log("relay position not read: " + e);
            }
            Thread.sleep(500);
        }
        return null;
    }

    /**
     * Once the relay has sent everything: waits until the query-service's stored offsets reach the topic's end
     * ({@link QuerySide}, as the {@code projection} scenario waits), up to {@code BENCH_IMPORT_PROJECTION_TIMEOUT}
     * (1,800 s). {@code afterSeconds} counts from the upload's start (null when not reached); the processes' CPU then,
     * and the position an analyst's answer states then.
     */
    private Map<String, Object> projected(Context context, ProcessStats stats, long start, boolean relayed)
            throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("afterSeconds", null);
        if (!relayed) {
            return out;
        }
        long records = QuerySide.topicRecords(context.settings);
        long deadline = System.nanoTime() + Duration.ofSeconds(Settings.intEnv("BENCH_IMPORT_PROJECTION_TIMEOUT", 1_800))
                .toNanos();
        long applied = QuerySide.awaitApplied(context, records, deadline, name() + " projection");
        double seconds = (System.nanoTime() - start) / 1e9;
        out.put("topicRecords", records);
        out.put("appliedRecords", applied);
        if (applied >= records) {
            out.put("afterSeconds", Latencies.round(seconds));
            out.put("processesWhenProjected", stats.snapshot());
        }
        out.put("statedLastGlobalPosition", QuerySide.statedPosition(context));
        return out;
    }

    /** The lowest {@code "index"} in a serialized token (a replay token holds two; the lower is where it is). */
    private static long tokenIndex(String token) {
        long lowest = -1;
        java.util.regex.Matcher index = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)").matcher(token == null ? "" : token);
        while (index.find()) {
            long value = Long.parseLong(index.group(1));
            lowest = lowest < 0 ? value : Math.min(lowest, value);
        }
        return lowest;
    }

    private static Connection commandDb(Context context) throws java.sql.SQLException {
        String url = context.settings.adminDbUrl().replaceFirst("/postgres(\\?|$)", "/issueledger_command$1");
        return DriverManager.getConnection(url, context.settings.dbUser(), context.settings.dbPassword());
    }

    private static Map<String, Object> store(Context context) {
        Map<String, Object> store = new LinkedHashMap<>();
        try (Connection connection = commandDb(context);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE payload_type = "
                     + "'org.issueledger.events.issue.IssueCreated'), max(global_index) FROM domain_event_entry")) {
            rs.next();
            store.put("events", rs.getLong(1));
            store.put("issues", rs.getLong(2));
            store.put("lastGlobalIndex", rs.getLong(3));
        } catch (Exception e) {
            store.put("error", e.toString());
        }
        return store;
    }
}
