package org.issueledger.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON of each scenario, and the table and combined JSON of a run. */
final class Results {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Results() {
    }

    static void writeLimits(Path dir, String scenario, Limits limits) throws IOException {
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(scenario + ".limits.json").toFile(), limits);
    }

    static Limits readLimits(Path dir, String scenario) {
        Path file = dir.resolve(scenario + ".limits.json");
        return Files.exists(file) ? JSON.readValue(file.toFile(), Limits.class) : null;
    }

    static void writeScenario(Path dir, Scenario scenario, Settings settings, Limits limits,
                              Map<String, Object> figures) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", scenario.name());
        out.put("description", scenario.description());
        out.put("concurrency", scenario.concurrency(settings));
        out.put("finishedAt", Instant.now().toString());
        if (limits != null) {
            out.put("limits", limits.asMap());
            Object throughput = figures.get("throughput");
            if (throughput instanceof Scenario.Figure figure) {
                Map<String, Object> ratios = new LinkedHashMap<>();
                ratios.put("toPgSingleRowInserts", ratio(figure.value(), limits.pgInsertsPerSecond()));
                ratios.put("toKafkaProduce", ratio(figure.value(), limits.kafkaRecordsPerSecond()));
                out.put("ratios", ratios);
            }
        }
        out.putAll(figures);
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve(scenario.name() + ".json").toFile(), out);
    }

    /** Prints the run's table and writes every scenario into one JSON file. */
    @SuppressWarnings("unchecked")
    static void report(Path dir, Path combined) throws IOException {
        List<Map<String, Object>> scenarios = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.endsWith(".limits.json")) {
                    scenarios.add(JSON.readValue(file.toFile(), Map.class));
                }
            }
        }
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("run", dir.getFileName().toString());
        run.put("machine", machine());
        run.put("scenarios", scenarios);
        JSON.writeValue(combined.toFile(), run);

        StringBuilder table = new StringBuilder();
        table.append(String.format("%-34s %14s %9s %9s %9s %8s %8s  %s%n", "scenario / endpoint", "throughput",
                "p50 ms", "p95 ms", "p99 ms", "target", "status", "ratio to limits (PG insert / Kafka produce)"));
        for (Map<String, Object> scenario : scenarios) {
            Map<String, Object> throughput = (Map<String, Object>) scenario.get("throughput");
            Map<String, Object> latency = (Map<String, Object>) scenario.get("latencyMs");
            Map<String, Object> ratios = (Map<String, Object>) scenario.get("ratios");
            table.append(String.format("%-34s %14s %9s %9s %9s %8s %8s  %s%n", scenario.get("scenario"),
                    throughput == null ? "-" : String.format("%.0f %s", number(throughput.get("value")),
                            throughput.get("unit")),
                    fmt(latency, "p50"), fmt(latency, "p95"), fmt(latency, "p99"),
                    scenario.getOrDefault("target", ""), scenario.getOrDefault("status", ""),
                    ratios == null ? "" : ratios.get("toPgSingleRowInserts") + " / " + ratios.get("toKafkaProduce")));
            List<Map<String, Object>> endpoints = (List<Map<String, Object>>) scenario.get("endpoints");
            if (endpoints != null) {
                for (Map<String, Object> endpoint : endpoints) {
                    Map<String, Object> l = (Map<String, Object>) endpoint.get("latencyMs");
                    table.append(String.format("  %-32s %14s %9s %9s %9s %8s %8s%n", endpoint.get("name"),
                            String.format("%.0f req/s", number(endpoint.get("requestsPerSecond"))), fmt(l, "p50"),
                            fmt(l, "p95"), fmt(l, "p99"), endpoint.get("targetP95Ms"), endpoint.get("status")));
                }
            }
            Map<String, Object> limits = (Map<String, Object>) scenario.get("limits");
            if (limits != null) {
                table.append("  limits at concurrency ").append(limits.get("concurrency")).append(": PostgreSQL ")
                        .append(limits.get("pgSingleRowInsertsPerSecond")).append(" single-row inserts/s, Kafka ")
                        .append(limits.get("kafkaProducedRecordsPerSecond")).append(" records/s (")
                        .append(limits.get("meanPayloadBytes")).append(" B payloads)\n");
            }
            Map<String, Object> processes = (Map<String, Object>) scenario.get("processes");
            if (processes != null) {
                table.append("  processes:");
                processes.forEach((name, figures) -> {
                    Map<String, Object> f = (Map<String, Object>) figures;
                    table.append(String.format(" %s %.1f s CPU (%.0f%%) %.0f MB peak;", name,
                            number(f.get("cpuSeconds")), number(f.get("cpuPercent")), number(f.get("peakRssMb"))));
                });
                table.append('\n');
            }
            if (scenario.get("loadAverageBefore") != null) {
                table.append("  load average (1/5/15 min) before: ").append(scenario.get("loadAverageBefore"))
                        .append(", after: ").append(scenario.get("loadAverageAfter")).append('\n');
            }
            if (scenario.get("error") != null) {
                table.append("  ERROR: ").append(scenario.get("error")).append('\n');
            }
            if (scenario.get("note") != null) {
                table.append("  note: ").append(scenario.get("note")).append('\n');
            }
        }
        System.out.print(table);
        Files.writeString(dir.resolve("table.txt"), table);
        System.out.println("JSON: " + combined);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.version"));
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        return machine;
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static String fmt(Map<String, Object> latency, String key) {
        if (latency == null || !(latency.get(key) instanceof Number n)) {
            return "-";
        }
        return String.format("%.1f", n.doubleValue());
    }

    static Object ratio(double value, double limit) {
        return limit <= 0 ? null : Math.round(value / limit * 1000) / 1000.0;
    }
}
