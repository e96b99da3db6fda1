package org.issueledger.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The harness's Java side; bench/run.sh calls it around the system it starts. Three steps per scenario, because some
 * scenarios need data in place before the services start:
 *
 * <pre>
 *   prepare SCENARIO   infrastructure up, services not yet: measures the machine's limits, pre-fills what it needs
 *   measure SCENARIO   services up: runs the scenario, writes results/RUN/SCENARIO.json
 *   report             prints the table of every scenario of the run and writes results/RUN.json
 * </pre>
 */
public final class Bench {

    /** Every scenario by its name on the command line; a new one is one more entry. */
    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put(QueryLatencyScenario.NAME, new QueryLatencyScenario());
        SCENARIOS.put(ProjectionScenario.NAME, new ProjectionScenario());
        SCENARIOS.put(RebuildScenario.NAME, new RebuildScenario());
        SCENARIOS.put(CommandThroughputScenario.NAME, new CommandThroughputScenario());
        SCENARIOS.put(EndToEndLagScenario.NAME, new EndToEndLagScenario());
        SCENARIOS.put(AggregateLoadScenario.NAME, new AggregateLoadScenario());
        SCENARIOS.put(ImportScenario.BPI, new ImportScenario(false));
        SCENARIOS.put(ImportScenario.SYNTHETIC, new ImportScenario(true));
        SCENARIOS.put(SoakScenario.NAME, new SoakScenario());
    }

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
        }
        Settings settings = Settings.fromEnvironment();
        switch (args[0]) {
            case "list" -> SCENARIOS.forEach((name, scenario) -> System.out.println(name + "\t" + scenario.description()));
            case "prepare" -> {
                Scenario scenario = scenario(args);
                Context context = new Context(settings);
                Limits limits = Limits.measure(settings, scenario.concurrency(settings), scenario instanceof ImportScenario);
                Results.writeLimits(settings.resultsDir(), scenario.name(), limits);
                scenario.prepare(context);
            }
            case "measure" -> {
                Scenario scenario = scenario(args);
                Context context = new Context(settings);
                Limits limits = Results.readLimits(settings.resultsDir(), scenario.name());
                ProcessStats stats = ProcessStats.start(settings.processes());
                Map<String, Object> result = new LinkedHashMap<>();
                // Other work on the machine skews every figure: the load average says how much there was.
                result.put("loadAverageBefore", loadAverage());
                try {
                    result.putAll(scenario.measure(context, stats));
                } catch (Exception e) {
                    result.put("error", e.toString());
                    throw e;
                } finally {
                    result.put("processes", stats.stop());
                    result.put("loadAverageAfter", loadAverage());
                    Results.writeScenario(settings.resultsDir(), scenario, settings, limits, result);
                }
            }
            case "report" -> Results.report(settings.resultsDir(), Path.of(args.length > 1 ? args[1]
                    : settings.resultsDir() + ".json"));
            default -> usage();
        }
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static Scenario scenario(String[] args) {
        if (args.length < 2 || !SCENARIOS.containsKey(args[1])) {
            System.err.println("Unknown scenario; known: " + SCENARIOS.keySet());
            System.exit(2);
        }
        return SCENARIOS.get(args[1]);
    }

    private static void usage() {
        System.err.println("usage: Bench list | prepare SCENARIO | measure SCENARIO | report [OUT.json]");
        System.exit(2);
    }
}
