package org.issueledger.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * #9 scenario 1: BENCH_COMMAND_CLIENTS (32) concurrent HTTP clients send mixed lifecycle commands (comment, hold,
 * resume, assign, resolve, reopen) to BENCH_COMMAND_ISSUES (10,000) issues for BENCH_COMMAND_SECONDS (60) after a
 * warm-up. Each client owns its share of the issues, so every command is legal and none waits on another client's
 * lock: what is measured is the write path, not contention on one aggregate.
 */
final class CommandThroughputScenario implements Scenario {

    static final String NAME = "commands";
    static final double TARGET_PER_SECOND = 5_000;
    static final double TARGET_P99_MS = 50;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return clients() + " HTTP clients, mixed lifecycle commands on " + issues() + " issues";
    }

    @Override
    public int concurrency(Settings settings) {
        return clients();
    }

    private static int clients() {
        return Settings.intEnv("BENCH_COMMAND_CLIENTS", 32);
    }

    private static int issues() {
        return Settings.intEnv("BENCH_COMMAND_ISSUES", 10_000);
    }

    @Override
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        CommandClient client = new CommandClient(context);
        int clients = clients();
        long setupStart = System.nanoTime();
        UUID[] ids = client.startedIssues(issues(), clients);
        Context.log("commands: " + ids.length + " issues created, assigned and started in "
                + Math.round((System.nanoTime() - setupStart) / 1e9) + " s");

        Latencies latencies = new Latencies();
        AtomicLong refused = new AtomicLong();
        int[] step = new int[ids.length];
        long warmupEnd = System.nanoTime() + Settings.intEnv("BENCH_COMMAND_WARMUP_SECONDS", 10) * 1_000_000_000L;
        long end = warmupEnd + Settings.intEnv("BENCH_COMMAND_SECONDS", 60) * 1_000_000_000L;
        AtomicInteger counted = new AtomicInteger();
        inParallel(clients, c -> {
            int i = c;
            while (System.nanoTime() < end) {
                String[][] cycle = CommandClient.cycle(i);
                String[] command = cycle[step[i] % cycle.length];
                CommandClient.Answer answer = client.post("/api/issues/" + ids[i] + command[0], "agent", command[1]);
                if (!answer.accepted()) {
                    refused.incrementAndGet();
                    if (refused.get() < 5) {
                        Context.log("commands: refused " + command[0] + ": " + answer.status() + " " + answer.body());
                    }
                }
                step[i]++;
                if (System.nanoTime() > warmupEnd) {
                    latencies.record(answer.nanos());
                    counted.incrementAndGet();
                }
                i += clients;
                if (i >= ids.length) {
                    i = c;
                }
            }
        });
        double seconds = (end - warmupEnd) / 1e9;
        double perSecond = counted.get() / seconds;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("target", "≥ " + (int) TARGET_PER_SECOND + "/s, p99 < " + (int) TARGET_P99_MS + " ms");
        out.put("throughput", new Figure(Latencies.round(perSecond), "commands/s"));
        out.put("latencyMs", latencies.summary());
        out.put("refused", refused.get());
        boolean met = perSecond >= TARGET_PER_SECOND && latencies.percentileMs(99) < TARGET_P99_MS;
        out.put("status", refused.get() > 0 ? "FAILED" : met ? "ok" : "MISSED");
        Context.log("commands: " + counted.get() + " in " + Math.round(seconds) + " s = " + Math.round(perSecond)
                + "/s, p99 " + Latencies.round(latencies.percentileMs(99)) + " ms, refused " + refused.get());
        return out;
    }

    interface ClientWork {
        void run(int client) throws Exception;
    }

    /** Runs {@code work} once per client, each on its own thread; the first failure fails the scenario. */
    static void inParallel(int clients, ClientWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    work.run(client);
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
