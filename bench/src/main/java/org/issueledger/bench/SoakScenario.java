package org.issueledger.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * #9's memory target: each service ≤ 512 MB of heap under load, and steady memory over a 10-minute soak. Commands at
 * a steady BENCH_SOAK_RATE (300) per second for BENCH_SOAK_SECONDS (600) on BENCH_SOAK_ISSUES (2,000) issues, with an
 * analyst's queries (KPIs, the issue list, SLA compliance) every 500 ms beside them. Every BENCH_SOAK_SAMPLE_SECONDS
 * (30) each service's live heap is taken — {@code jcmd GC.run}, then the heap's used size from {@code GC.heap_info}:
 * what survives a full collection, so a leak shows as a rising line and garbage does not — with its RSS.
 *
 * <p>Steady means: the mean live heap of the last third of the run exceeds that of the first third (after the first
 * minute, which is start-up and JIT) by less than BENCH_SOAK_GROWTH_MB (32) — about 6 % of the 512 MB heap.
 */
final class SoakScenario implements Scenario {

    static final String NAME = "soak";
    private static final Pattern HEAP_USED = Pattern.compile("(?m)^\\s*\\S.*heap\\s+total\\s+\\d+K, used (\\d+)K");
    private static final List<String> SERVICES = List.of("command-service", "query-service");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "memory of each service over a " + seconds() / 60 + "-minute soak at " + rate()
                + " commands/s with analyst queries beside";
    }

    @Override
    public int concurrency(Settings settings) {
        return senders();
    }

    private static int rate() {
        return Settings.intEnv("BENCH_SOAK_RATE", 300);
    }

    private static int seconds() {
        return Settings.intEnv("BENCH_SOAK_SECONDS", 600);
    }

    private static int senders() {
        return Settings.intEnv("BENCH_SOAK_SENDERS", 16);
    }

    @Override
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        CommandClient client = new CommandClient(context);
        UUID[] ids = client.startedIssues(Settings.intEnv("BENCH_SOAK_ISSUES", 2_000), 16);
        Context.log("soak: " + ids.length + " issues ready; " + seconds() + " s at " + rate() + " commands/s");

        int rate = rate();
        long tickets = (long) seconds() * rate;
        long sampleNanos = TimeUnit.SECONDS.toNanos(Settings.intEnv("BENCH_SOAK_SAMPLE_SECONDS", 30));
        Latencies commands = new Latencies();
        Latencies queries = new Latencies();
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        int[] step = new int[ids.length];
        Map<String, List<double[]>> samples = new LinkedHashMap<>();
        SERVICES.forEach(service -> samples.put(service, new ArrayList<>()));
        long start = System.nanoTime();
        // A soak is bounded by time: on a machine that cannot keep the rate, fewer commands, not a longer run.
        long end = start + TimeUnit.SECONDS.toNanos(seconds());

        Thread analyst = new Thread(() -> askLikeAnAnalyst(context, running, queries), "soak-analyst");
        Thread sampler = new Thread(() -> {
            long due = start;
            while (running.get()) {
                if (System.nanoTime() >= due) {
                    double minute = (System.nanoTime() - start) / 6e10;
                    for (String service : SERVICES) {
                        long pid = pid(context.settings.processes().get(service));
                        samples.get(service).add(new double[] {minute, liveHeapMb(pid), rssMb(pid)});
                    }
                    due += sampleNanos;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "soak-sampler");
        analyst.start();
        sampler.start();
        try {
            CommandThroughputScenario.inParallel(senders(), s -> {
                long ticket;
                while ((ticket = next.getAndIncrement()) < tickets && System.nanoTime() < end) {
                    long wait = start + ticket * 1_000_000_000L / rate - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    int i = (int) (ticket % ids.length);
                    String[][] cycle = CommandClient.cycle(i);
                    String[] command = cycle[step[i]++ % cycle.length];
                    CommandClient.Answer answer = client.post("/api/issues/" + ids[i] + command[0], "agent", command[1]);
                    if (answer.accepted()) {
                        commands.record(answer.nanos());
                    } else {
                        refused.incrementAndGet();
                    }
                }
            });
        } finally {
            running.set(false);
            analyst.join(10_000);
            sampler.interrupt();
            sampler.join(60_000);
        }
        double wall = (System.nanoTime() - start) / 1e9;

        Map<String, Object> out = new LinkedHashMap<>();
        double allowedGrowth = Settings.intEnv("BENCH_SOAK_GROWTH_MB", 32);
        out.put("target", "live heap ≤ 512 MB and growing < " + (int) allowedGrowth + " MB from the first to the last "
                + "third of " + seconds() / 60 + " minutes");
        long sent = commands.count() + refused.get();
        out.put("throughput", new Figure(Latencies.round(sent / wall), "commands/s"));
        out.put("latencyMs", commands.summary());
        out.put("queryLatencyMs", queries.summary());
        out.put("refused", refused.get());
        boolean steady = true;
        Map<String, Object> memory = new LinkedHashMap<>();
        for (String service : SERVICES) {
            List<double[]> series = samples.get(service);
            Map<String, Object> figures = new LinkedHashMap<>();
            List<double[]> settled = series.stream().filter(sample -> sample[0] >= 1 && sample[1] >= 0).toList();
            int third = Math.max(1, settled.size() / 3);
            double first = mean(settled.subList(0, Math.min(third, settled.size())));
            double last = mean(settled.subList(Math.max(0, settled.size() - third), settled.size()));
            double max = series.stream().mapToDouble(sample -> sample[1]).max().orElse(-1);
            figures.put("liveHeapMbFirstThird", Latencies.round(first));
            figures.put("liveHeapMbLastThird", Latencies.round(last));
            figures.put("liveHeapMbMax", Latencies.round(max));
            figures.put("rssMbFirst", series.isEmpty() ? null : Latencies.round(series.get(0)[2]));
            figures.put("rssMbLast", series.isEmpty() ? null : Latencies.round(series.get(series.size() - 1)[2]));
            figures.put("samples (minute, live heap MB, RSS MB)", series.stream()
                    .map(sample -> List.of(Latencies.round(sample[0]), Latencies.round(sample[1]), Latencies.round(sample[2])))
                    .toList());
            steady &= settled.size() >= 3 && last - first < allowedGrowth && max <= 512;
            memory.put(service, figures);
            Context.log("soak: " + service + " live heap " + Math.round(first) + " → " + Math.round(last) + " MB (max "
                    + Math.round(max) + "), RSS " + figures.get("rssMbFirst") + " → " + figures.get("rssMbLast") + " MB");
        }
        out.put("memory", memory);
        out.put("status", refused.get() > 0 ? "FAILED" : steady ? "ok" : "MISSED");
        return out;
    }

    /** An analyst with the dashboard open: a few read models' answers, twice a second. */
    private static void askLikeAnAnalyst(Context context, AtomicBoolean running, Latencies latencies) {
        List<String> paths = List.of("/api/kpis?groupBy=team", "/api/issues?size=50", "/api/sla/compliance",
                "/api/rankings/category?window=7d");
        for (int i = 0; running.get(); i++) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(context.settings.queryUrl() + paths.get(i % paths.size())))
                    .header("X-API-Key", Context.API_KEY).timeout(Duration.ofSeconds(30)).GET().build();
            long start = System.nanoTime();
            try {
                HttpResponse<String> answer = context.http.send(request, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    latencies.record(System.nanoTime() - start);
                } else {
                    latencies.error();
                }
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                latencies.error();
            }
        }
    }

    /** What survives a full collection; -1 when the JVM could not be asked. */
    private static double liveHeapMb(long pid) {
        if (pid < 0) {
            return -1;
        }
        jcmd(pid, "GC.run");
        Matcher used = HEAP_USED.matcher(jcmd(pid, "GC.heap_info"));
        return used.find() ? Long.parseLong(used.group(1)) / 1024.0 : -1;
    }

    private static String jcmd(long pid, String command) {
        try {
            Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                    Long.toString(pid), command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static double rssMb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    private static long pid(String id) {
        try {
            return id == null ? -1 : Long.parseLong(id.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static double mean(List<double[]> samples) {
        return samples.stream().mapToDouble(sample -> sample[1]).average().orElse(-1);
    }
}
