package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * #9 scenario 2: commands at a steady BENCH_LAG_RATE (1,000) per second for BENCH_LAG_SECONDS (60) after a warm-up,
 * on BENCH_LAG_ISSUES (2,000) started issues; a quarter of the owner changes are followed until the query-service
 * shows the new owner ({@code GET /api/issues/{id}}): the lag from the command's accepted answer to that moment is
 * what the command → event store → relay → Kafka → projection → HTTP path costs a user.
 *
 * <p>Every owner change in the measured window names a new owner, {@code agent-t<ticket>}, and a followed change
 * counts as visible once the view shows that owner <em>or a later one</em> (a higher ticket on the same issue): the
 * projection applies an issue's events in order, so a later owner means the followed one was applied. (Matching
 * only the followed owner turned a lag longer than the next assignment of the issue — three visits later, 6 s at
 * 1,000/s — into "never visible".) Polling starts every 5 ms and slows to 5 % of the time waited so far, so the
 * error stays within 5 % of the figure while a lagging query side is not flooded with reads. Alongside, the relay's
 * and the projection's own lag gauges are sampled every second, to tell which stage a lag comes from.
 */
final class EndToEndLagScenario implements Scenario {

    static final String NAME = "lag";
    static final double TARGET_P99_MS = 250;
    private static final long POLL_NANOS = 5_000_000;
    private static final Pattern OWNER_TICKET = Pattern.compile("\"owner\":\"agent-t(\\d+)\"");

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "command accepted → visible in the query-service, at a steady " + rate() + " commands/s";
    }

    @Override
    public int concurrency(Settings settings) {
        return senders();
    }

    private static int rate() {
        return Settings.intEnv("BENCH_LAG_RATE", 1_000);
    }

    private static int senders() {
        return Settings.intEnv("BENCH_LAG_SENDERS", 64);
    }

    @Override
    public Map<String, Object> measure(Context context, ProcessStats stats) throws Exception {
        CommandClient client = new CommandClient(context);
        UUID[] ids = client.startedIssues(Settings.intEnv("BENCH_LAG_ISSUES", 2_000), 16);
        Context.log("lag: " + ids.length + " issues ready");

        int rate = rate();
        long warmup = Settings.intEnv("BENCH_LAG_WARMUP_SECONDS", 10) * (long) rate;
        long tickets = warmup + Settings.intEnv("BENCH_LAG_SECONDS", 60) * (long) rate;
        Latencies lag = new Latencies();
        Latencies commandLatency = new Latencies();
        AtomicLong next = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicLong late = new AtomicLong();
        AtomicIntegerArray step = new AtomicIntegerArray(ids.length);
        AtomicLong reads = new AtomicLong();
        ScheduledExecutorService followers = Executors.newScheduledThreadPool(4);
        StageLag stages = new StageLag(context);
        long start = System.nanoTime();
        try {
            CommandThroughputScenario.inParallel(senders(), s -> {
                long ticket;
                while ((ticket = next.getAndIncrement()) < tickets) {
                    long due = start + ticket * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } else if (wait < -100_000_000L) {
                        late.incrementAndGet(); // the system (or this machine) cannot keep the rate
                    }
                    if (ticket == warmup) {
                        stages.start();
                    }
                    int i = (int) (ticket % ids.length);
                    String[][] cycle = CommandClient.cycle(i);
                    String[] command = cycle[step.getAndIncrement(i) % cycle.length];
                    boolean assign = command[0].equals("/assign");
                    boolean follow = assign && ticket % 4 == 0 && ticket >= warmup;
                    String body = assign ? "{\"owner\":\"agent-t" + ticket + "\"}" : command[1];
                    CommandClient.Answer answer = client.post("/api/issues/" + ids[i] + command[0], "agent", body);
                    if (!answer.accepted()) {
                        refused.incrementAndGet();
                        continue;
                    }
                    if (ticket >= warmup) {
                        commandLatency.record(answer.nanos());
                    }
                    if (follow) {
                        long accepted = System.nanoTime();
                        follow(context, followers, ids[i], ticket, accepted, lag, reads);
                    }
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            followers.shutdown();
            followers.awaitTermination(60, TimeUnit.SECONDS);
            stages.stop();
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("target", "p99 < " + (int) TARGET_P99_MS + " ms at " + rate + "/s");
            out.put("throughput", new Figure(Latencies.round(tickets / seconds), "commands/s"));
            out.put("latencyMs", lag.summary());
            out.put("commandLatencyMs", commandLatency.summary());
            out.put("refused", refused.get());
            out.put("sentLate", late.get());
            out.put("followerReads", reads.get());
            out.put("stageLagSeconds", stages.summary());
            boolean kept = tickets / seconds >= rate * 0.95;
            out.put("status", refused.get() > 0 || lag.count() == 0 ? "FAILED"
                    : kept && lag.percentileMs(99) < TARGET_P99_MS ? "ok" : "MISSED");
            if (!kept) {
                out.put("note", "the rate was not kept: " + Math.round(tickets / seconds) + " commands/s");
            }
            Context.log("lag: p50 " + lag.percentileMs(50) + " ms, p99 " + lag.percentileMs(99) + " ms over "
                    + lag.count() + " followed commands; " + Math.round(tickets / seconds) + " commands/s; stages "
                    + stages.summary());
            return out;
        } finally {
            followers.shutdownNow();
            stages.stop();
        }
    }

    /**
     * Polls the issue view until it shows the followed owner or a later one (see the class comment), then records
     * the lag (an error after 30 s).
     */
    private static void follow(Context context, ScheduledExecutorService followers, UUID issueId, long ticket,
                               long accepted, Latencies lag, AtomicLong reads) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(context.settings.queryUrl() + "/api/issues/" + issueId))
                .header("X-API-Key", Context.API_KEY).timeout(Duration.ofSeconds(10)).GET().build();
        followers.schedule(new Runnable() {
            @Override
            public void run() {
                try {
                    reads.incrementAndGet();
                    HttpResponse<String> view = context.http.send(request, HttpResponse.BodyHandlers.ofString());
                    if (view.statusCode() == 200 && shows(view.body(), ticket)) {
                        lag.record(System.nanoTime() - accepted);
                        return;
                    }
                } catch (Exception e) {
                    // counted as not yet visible; the deadline below bounds it
                }
                long waited = System.nanoTime() - accepted;
                if (waited > 30_000_000_000L) {
                    lag.error();
                } else {
                    followers.schedule(this, Math.max(POLL_NANOS, waited / 20), TimeUnit.NANOSECONDS);
                }
            }
        }, 0, TimeUnit.NANOSECONDS);
    }

    /** The view names the owner set by {@code ticket} or by a later ticket's assignment of the same issue. */
    static boolean shows(String view, long ticket) {
        Matcher owner = OWNER_TICKET.matcher(view);
        return owner.find() && Long.parseLong(owner.group(1)) >= ticket;
    }
}
