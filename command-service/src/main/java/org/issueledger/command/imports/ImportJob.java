package org.issueledger.command.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.issueledger.command.idempotency.IdempotentCommands;
import org.issueledger.command.idempotency.KeyReused;
import org.issueledger.command.imports.CasePlanner.CaseState;
import org.issueledger.command.imports.CasePlanner.Plan;
import org.issueledger.command.imports.CasePlanner.Step;
import org.issueledger.command.issue.IssueCommands;
import org.issueledger.events.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One import: a reader thread streams the file case by case into one queue per worker; a case always
 * goes to the same worker (by its id), so each issue's events stay in order while different issues are
 * imported side by side.
 *
 * <p>A worker sends a chunk's commands (the events of one trace, or a run of CSV rows of one case) in one
 * database transaction through {@link IdempotentCommands} — the command bus, the aggregate, the
 * idempotency keys, exactly as for a REST command. When the aggregate refuses one, the transaction is
 * rolled back, the events before it are sent again on their own, the refused event is reported, and the
 * rest of the chunk goes on. So a source event is applied whole or not at all, and each commit carries
 * many commands.
 */
final class ImportJob {

    private static final Logger log = LoggerFactory.getLogger(ImportJob.class);
    private static final SourceCase END = new SourceCase("", List.of());
    private static final int MAX_LISTED_REJECTIONS = 1_000;
    private static final int ATTEMPTS = 4;
    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INSTANTS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");

    enum State { RUNNING, COMPLETED, FAILED }

    /** A refused source event, as the report lists it. */
    record Rejection(String caseId, int index, String position, String state, String reason) {
    }

    /**
     * @param accepted     imported + alreadyImported + unchanged + skipped: every event read is either accepted or rejected
     * @param fractionRead how far into the file the reader is (0–1), by bytes
     * @param rejections   the first 1,000 refused events; {@code rejectedByReason} counts them all
     */
    record Progress(UUID id, State state, String file, String format, String source, Instant startedAt,
                    Instant finishedAt, long read, long accepted, long rejected, Map<String, Long> outcomes,
                    Map<String, Long> rejectedByReason, long issues, long commandsSent, long commandsRepeated,
                    double fractionRead, double elapsedSeconds, double eventsPerSecond, Double etaSeconds,
                    String error, String summary, List<Rejection> rejections) {
    }

    private enum Outcome { IMPORTED, ALREADY_IMPORTED, UNCHANGED, SKIPPED, REJECTED }

    final UUID id = UUID.randomUUID();
    private final String file;
    private final ImportMapping mapping;
    private final ImportMapping.Format format;
    private final LogReader reader;
    private final LongSupplier bytesRead;
    private final long fileSize;
    private final CasePlanner planner;
    private final IdempotentCommands commands;
    private final TransactionTemplate transactions;
    private final List<BlockingQueue<SourceCase>> queues = new ArrayList<>();
    private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder read = new LongAdder();
    private final AtomicLong issues = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder repeated = new LongAdder();
    private final AtomicReference<String> error = new AtomicReference<>();
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private volatile Instant finishedAt;
    private volatile long finishedNanos;
    private volatile State state = State.RUNNING;

    ImportJob(String file, ImportMapping mapping, ImportMapping.Format format, LogReader reader, LongSupplier bytesRead,
              long fileSize, CasePlanner planner, IdempotentCommands commands, TransactionTemplate transactions,
              int workers, Instant startedAt) {
        this.file = file;
        this.mapping = mapping;
        this.format = format;
        this.reader = reader;
        this.bytesRead = bytesRead;
        this.fileSize = fileSize;
        this.planner = planner;
        this.commands = commands;
        this.transactions = transactions;
        this.startedAt = startedAt;
        for (int i = 0; i < workers; i++) {
            queues.add(new ArrayBlockingQueue<>(64));
        }
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    /** Reads the file to its end (or its first fatal error) and waits for the workers; the caller's thread reads. */
    void run(Instant finishedClock) {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<SourceCase> queue = queues.get(i);
            Thread worker = new Thread(() -> work(queue), "import-" + id.toString().substring(0, 8) + "-" + i);
            worker.setDaemon(true);
            worker.start();
            threads.add(worker);
        }
        try (reader) {
            SourceCase chunk;
            while (error.get() == null && (chunk = reader.next()) != null) {
                read.add(chunk.events().size());
                queues.get(Math.floorMod(chunk.caseId().hashCode(), queues.size())).put(chunk);
            }
        } catch (MalformedLog e) {
            error.compareAndSet(null, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error.compareAndSet(null, "the import was interrupted (the service is stopping); run it again to complete it");
        } catch (RuntimeException e) {
            log.error("Import {} failed reading {}", id, file, e);
            error.compareAndSet(null, "reading failed: " + e);
        }
        for (int i = 0; i < queues.size(); i++) {
            try {
                queues.get(i).put(END);
                threads.get(i).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error.compareAndSet(null, "the import was interrupted (the service is stopping); run it again to complete it");
                threads.forEach(Thread::interrupt);
            }
        }
        finishedNanos = System.nanoTime();
        finishedAt = finishedClock;
        state = error.get() == null ? State.COMPLETED : State.FAILED;
    }

    private void work(BlockingQueue<SourceCase> queue) {
        Map<String, CaseState> cases = new HashMap<>();
        while (true) {
            SourceCase chunk;
            try {
                chunk = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (chunk == END) {
                return;
            }
            if (error.get() != null) {
                continue; // drain: the reader stops at the next case
            }
            try {
                CaseState state = cases.computeIfAbsent(chunk.caseId(), caseId -> {
                    issues.incrementAndGet();
                    return new CaseState(planner.issueIdOf(caseId));
                });
                process(state, chunk.events());
            } catch (RuntimeException e) {
                log.error("Import {} stopped at case {}", id, chunk.caseId(), e);
                error.compareAndSet(null, "case " + chunk.caseId() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Sends the events in one transaction; on a refusal sends those before it on their own, reports the
     * refused one and goes on after it. {@code state} ends where the accepted commands left the issue.
     */
    private void process(CaseState state, List<SourceEvent> events) {
        List<SourceEvent> remaining = events;
        while (!remaining.isEmpty()) {
            CaseState simulated = state.copy();
            List<Plan> plans = new ArrayList<>(remaining.size());
            for (SourceEvent event : remaining) {
                plans.add(planner.plan(simulated, event));
            }
            boolean[] sentNew = new boolean[plans.size()];
            Refusal refusal = sendWithRetries(state, plans, sentNew);
            if (refusal == null) {
                copyInto(simulated, state);
                for (int i = 0; i < plans.size(); i++) {
                    count(plans.get(i), sentNew[i]);
                }
                return;
            }
            if (refusal.index() > 0) {
                process(state, remaining.subList(0, refusal.index()));
            }
            Plan refused = plans.get(refusal.index());
            reject(refused.event(), refusal.reason());
            remaining = remaining.subList(refusal.index() + 1, remaining.size());
        }
    }

    private record Refusal(int index, String reason) {
    }

    private Refusal sendWithRetries(CaseState state, List<Plan> plans, boolean[] sentNew) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(tx -> {
                    java.util.Arrays.fill(sentNew, false);
                    Refusal refusal = send(state, plans, sentNew);
                    if (refusal != null) {
                        tx.setRollbackOnly();
                    }
                    return refusal;
                });
            } catch (RuntimeException e) {
                // Not the aggregate's answer: a conflict with a timer on the same issue, a lost connection.
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("Import {}: attempt {} for case failed, retrying", id, attempt, e);
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * @param sentNew set for each plan that appended something (rather than finding all its keys used)
     * @return the first refusal (its plan's index), or null when every command was accepted
     */
    private Refusal send(CaseState state, List<Plan> plans, boolean[] sentNew) {
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            if (plan.rejection() != null) {
                return new Refusal(i, plan.rejection());
            }
            String nextCommandAt = nextCommandAt(plans, i);
            List<Step> steps = plan.steps();
            for (int n = 0; n < steps.size(); n++) {
                Step step = steps.get(n);
                try {
                    IdempotentCommands.Outcome outcome = commands.send(step.command(), state.issueId,
                            metadata(plan.event(), n == steps.size() - 1 ? nextCommandAt : nextCommandAtWithin(plan)),
                            key(plan.event(), n), step.request());
                    sentNew[i] |= !outcome.repeated();
                } catch (KeyReused e) {
                    return new Refusal(i, "imported before with a different mapping (" + step.verb() + "): " + e.getMessage());
                } catch (RuntimeException e) {
                    if (IssueCommands.isRefusal(e)) {
                        return new Refusal(i, step.verb() + ": " + e.getMessage());
                    }
                    throw e;
                }
            }
        }
        return null;
    }

    /**
     * The business time of the issue's next command in this chunk, which the aggregate may rely on to
     * skip SLA deadlines that command will make redundant. The chunk's last command promises nothing.
     */
    private static String nextCommandAt(List<Plan> plans, int index) {
        for (int j = index + 1; j < plans.size(); j++) {
            Plan later = plans.get(j);
            if (later.rejection() != null) {
                return null; // a refused event sends nothing: promise no later command
            }
            if (!later.steps().isEmpty()) {
                return later.event().occurredAt().toString();
            }
        }
        return null;
    }

    /** Steps of one event but the last are followed by the next step, at the same business time. */
    private static String nextCommandAtWithin(Plan plan) {
        return plan.event().occurredAt().toString();
    }

    private Map<String, String> metadata(SourceEvent event, String nextCommandAt) {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("actor", event.actor() != null ? event.actor() : "import:" + mapping.source());
        metadata.put(EventEnvelope.META_CORRELATION_ID, "import:" + mapping.source() + ":" + event.caseId());
        metadata.put(EventEnvelope.META_SOURCE_SYSTEM, "import:" + mapping.source());
        if (event.team() != null) {
            metadata.put(ImportMetadata.TEAM, event.team());
        }
        metadata.put(ImportMetadata.SOURCE_EVENT, event.caseId() + "#" + event.index());
        if (nextCommandAt != null) {
            metadata.put(IssueCommands.NEXT_COMMAND_AT, nextCommandAt);
        }
        return metadata;
    }

    /** Deterministic per source event and command: a re-run sends the same keys and appends nothing. */
    private String key(SourceEvent event, int step) {
        String key = "import:" + mapping.source() + ":" + event.caseId() + "#" + event.index() + "." + step;
        return key.length() <= 200 ? key : "import:" + mapping.source() + ":sha256:" + sha256(key);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    private void count(Plan plan, boolean sentNew) {
        Outcome outcome;
        if (plan.skipped()) {
            outcome = Outcome.SKIPPED;
        } else if (plan.steps().isEmpty()) {
            outcome = Outcome.UNCHANGED;
        } else {
            outcome = sentNew ? Outcome.IMPORTED : Outcome.ALREADY_IMPORTED;
            sent.add(plan.steps().size());
            if (outcome == Outcome.ALREADY_IMPORTED) {
                repeated.add(plan.steps().size());
            }
        }
        outcomes.get(outcome).increment();
    }

    private void reject(SourceEvent event, String reason) {
        outcomes.get(Outcome.REJECTED).increment();
        String general = INSTANTS.matcher(UUIDS.matcher(reason).replaceAll("<issue>")).replaceAll("<time>");
        reasons.computeIfAbsent(general, r -> new LongAdder()).increment();
        if (rejections.size() < MAX_LISTED_REJECTIONS) {
            rejections.add(new Rejection(event.caseId(), event.index(), event.position(), event.state(), reason));
        }
    }

    private static void copyInto(CaseState from, CaseState to) {
        to.status = from.status;
        to.owner = from.owner;
        to.team = from.team;
        to.priority = from.priority;
        to.category = from.category;
    }

    State state() {
        return state;
    }

    Progress progress() {
        long end = state == State.RUNNING ? System.nanoTime() : finishedNanos;
        double elapsed = (end - startNanos) / 1e9;
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.name().toLowerCase(java.util.Locale.ROOT), outcomes.get(outcome).sum());
        }
        long rejected = counts.get("rejected");
        long done = counts.values().stream().mapToLong(Long::longValue).sum();
        double fraction = state == State.COMPLETED ? 1.0 : fileSize <= 0 ? 0 : Math.min(1.0, bytesRead.getAsLong() / (double) fileSize);
        double rate = elapsed > 0 ? done / elapsed : 0;
        Double eta = state != State.RUNNING ? Double.valueOf(0) : fraction > 0.01 ? elapsed * (1 - fraction) / fraction : null;
        Map<String, Long> byReason = new TreeMap<>();
        reasons.forEach((reason, count) -> byReason.put(reason, count.sum()));
        String summary = String.format(java.util.Locale.ROOT,
                "%s %.0f%%: read %d, imported %d, already imported %d, unchanged %d, skipped %d, rejected %d; %d issues; "
                        + "%.0f events/s; %s",
                state, fraction * 100, read.sum(), counts.get("imported"), counts.get("already_imported"),
                counts.get("unchanged"), counts.get("skipped"), rejected, issues.get(), rate,
                state == State.RUNNING ? (eta == null ? "ETA unknown" : "ETA " + Duration.ofSeconds(Math.round(eta)))
                        : "took " + Duration.ofMillis(Math.round(elapsed * 1000)));
        List<Rejection> listed;
        synchronized (rejections) {
            listed = List.copyOf(rejections);
        }
        return new Progress(id, state, file, format.name().toLowerCase(java.util.Locale.ROOT), mapping.source(), startedAt,
                finishedAt, read.sum(), done - rejected, rejected, counts, byReason, issues.get(), sent.sum(),
                repeated.sum(), fraction, Math.round(elapsed * 1000) / 1000.0, Math.round(rate * 10) / 10.0,
                eta == null ? null : (double) Math.round(eta), error.get(), summary, listed);
    }

    void interrupt() {
        error.compareAndSet(null, "the import was interrupted (the service is stopping); run it again to complete it");
    }
}
