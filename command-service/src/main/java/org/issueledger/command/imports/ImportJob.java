package org.issueledger.command.imports;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.issueledger.command.idempotency.IdempotentCommands;
import org.issueledger.command.imports.CasePlanner.CaseState;
import org.issueledger.command.imports.CasePlanner.Plan;
import org.issueledger.command.imports.CasePlanner.Step;
import org.issueledger.command.issue.IssueCommands;
import org.issueledger.events.EventEnvelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

/**
 * One import: a reader thread streams the file case by case into one queue per worker; a case always
 * goes to the same worker (by its id), so each issue's events stay in order while different issues are
 * imported side by side.
 *
 * <p>A worker takes up to 32 cases at a time (XES traces, or runs of CSV rows of one case) and sends their
 * commands in one unit of work and database transaction through the command gateway — the command bus,
 * its interceptors, the aggregate, exactly as for a REST command — with an idempotency key per command in
 * the same table as REST keys ({@link ImportKeys}). When the aggregate refuses one, the transaction is
 * rolled back, the events before it are sent again on their own, the refused event is reported, and the
 * rest goes on. So a source event is applied whole or not at all, and each commit carries many commands.
 *
 * <p>The steps of consecutive events of one case in a batch go as one command ({@link IssueCommands#importCase}):
 * the aggregate handles them one by one with the handlers each has on its own, and each step's events carry the
 * metadata the command bus would have given them were the step sent alone (the correlation data providers are asked
 * about the step's own command message here). The bus, its interceptors, a unit of work and the issue's loading are
 * paid once per case instead of once per step. {@code issueledger.imports.one-command-per-case=false} sends every
 * step on its own, as before; the stored events are the same either way (ImportPathsTest).
 *
 * <p>A run of a file imported before, whole or in part, finds each accepted event's keys and sends nothing for it.
 * An event an earlier run refused has no keys, and its issue has moved on since: it is not sent again to the issue as
 * it is now, but reported as refused, for the reason the issue gave then ({@link #refusedBefore}); so an interrupted
 * import run again ends as one uninterrupted run would have (ImportPathsTest).
 */
final class ImportJob {

    private static final Logger log = LoggerFactory.getLogger(ImportJob.class);
    private static final SourceCase END = new SourceCase("", List.of());
    private static final int MAX_LISTED_REJECTIONS = 1_000;
    private static final int ATTEMPTS = 4;
    /** cases a worker sends in one unit of work and transaction */
    private static final int BATCH_CASES = 32;
    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Pattern INSTANTS = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z");

    enum State { RUNNING, COMPLETED, CANCELLED, FAILED }

    /** A refused source event, as the report lists it. */
    record Rejection(String caseId, int index, String position, String state, String reason) {
    }

    /**
     * @param accepted     imported + alreadyImported + unchanged + skipped: every event read is accepted, rejected or
     *                     (once a cancellation or a failure stops the import) not sent
     * @param notSent      events read but not sent because the import stopped (cancelled, or failed) before them
     * @param cancelledBy  who cancelled the import (null unless it was)
     * @param fractionRead how far into the file the reader is (0–1), by bytes
     * @param rejections   the first 1,000 refused events; {@code rejectedByReason} counts them all
     */
    record Progress(UUID id, State state, String file, String format, String source, String importedBy,
                    Instant startedAt, Instant finishedAt, String cancelledBy, long read, long accepted, long rejected,
                    long notSent, Map<String, Long> outcomes,
                    Map<String, Long> rejectedByReason, long issues, long commandsSent, long commandsRepeated,
                    double fractionRead, double elapsedSeconds, double eventsPerSecond, Double etaSeconds,
                    String error, String summary, List<Rejection> rejections) {
    }

    private enum Outcome { IMPORTED, ALREADY_IMPORTED, UNCHANGED, SKIPPED, REJECTED }

    final UUID id = UUID.randomUUID();
    private final String file;
    private final ImportMapping mapping;
    private final String importedBy;
    private final ImportMapping.Format format;
    private final LogReader reader;
    private final LongSupplier bytesRead;
    private final long fileSize;
    private final CasePlanner planner;
    private final CommandGateway commandGateway;
    private final ImportKeys keys;
    private final TransactionManager transactionManager;
    /** the providers the command bus asks about every command; null: each step is sent as a command of its own */
    private final List<CorrelationDataProvider> casePath;
    private final List<BlockingQueue<SourceCase>> queues = new ArrayList<>();
    private final Map<Outcome, LongAdder> outcomes = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> reasons = new ConcurrentHashMap<>();
    private final List<Rejection> rejections = Collections.synchronizedList(new ArrayList<>());
    private final LongAdder read = new LongAdder();
    private final LongAdder notSent = new LongAdder();
    /** who asked to stop the import; set once */
    private final AtomicReference<String> cancelledBy = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);
    private final AtomicLong issues = new AtomicLong();
    private final LongAdder sent = new LongAdder();
    private final LongAdder repeated = new LongAdder();
    private final AtomicReference<String> error = new AtomicReference<>();
    private final Instant startedAt;
    private final long startNanos = System.nanoTime();
    private volatile Instant finishedAt;
    private volatile long finishedNanos;
    /** the reader got to the file's end (not stopped before it) */
    private volatile boolean readToEnd;
    private volatile State state = State.RUNNING;

    ImportJob(String file, String importedBy, ImportMapping mapping, ImportMapping.Format format, LogReader reader, LongSupplier bytesRead,
              long fileSize, CasePlanner planner, CommandGateway commandGateway, ImportKeys keys,
              TransactionManager transactionManager, List<CorrelationDataProvider> casePath,
              int workers, Instant startedAt) {
        this.file = file;
        this.mapping = mapping;
        this.importedBy = importedBy;
        this.format = format;
        this.reader = reader;
        this.bytesRead = bytesRead;
        this.fileSize = fileSize;
        this.planner = planner;
        this.commandGateway = commandGateway;
        this.keys = keys;
        this.transactionManager = transactionManager;
        this.casePath = casePath;
        this.startedAt = startedAt;
        for (int i = 0; i < workers; i++) {
            queues.add(new ArrayBlockingQueue<>(64));
        }
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, new LongAdder());
        }
    }

    /**
     * Reads the file to its end (or its first fatal error, or a cancellation) and waits for the workers; the caller's
     * thread reads.
     */
    void run(Clock clock) {
        try {
            readAndSend();
        } finally {
            finishedNanos = System.nanoTime();
            finishedAt = clock.instant();
            // Cancelled only if it stopped anything: a cancellation that came as the last batch was stored changed nothing.
            boolean stopped = !readToEnd || notSent.sum() > 0;
            state = error.get() != null ? State.FAILED
                    : cancelledBy.get() != null && stopped ? State.CANCELLED : State.COMPLETED;
            ended.countDown();
        }
    }

    private void readAndSend() {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < queues.size(); i++) {
            BlockingQueue<SourceCase> queue = queues.get(i);
            Thread worker = new Thread(() -> work(queue), "import-" + id.toString().substring(0, 8) + "-" + i);
            worker.setDaemon(true);
            worker.start();
            threads.add(worker);
        }
        try (reader) {
            while (!stopping()) {
                SourceCase chunk = reader.next();
                if (chunk == null) {
                    readToEnd = true;
                    break;
                }
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
    }

    /** Past a failure or a cancellation: the reader reads no further, and the workers send nothing more. */
    private boolean stopping() {
        return error.get() != null || cancelledBy.get() != null;
    }

    private void work(BlockingQueue<SourceCase> queue) {
        Map<String, CaseState> cases = new HashMap<>();
        List<SourceCase> batch = new ArrayList<>();
        while (true) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, BATCH_CASES - 1);
            boolean end = batch.remove(END);
            if (stopping()) {
                batch.forEach(chunk -> notSent.add(chunk.events().size()));
            } else {
                List<Item> items = new ArrayList<>();
                Map<UUID, CaseState> fresh = new HashMap<>();
                for (SourceCase chunk : batch) {
                    CaseState state = cases.computeIfAbsent(chunk.caseId(), caseId -> {
                        issues.incrementAndGet();
                        CaseState created = new CaseState(planner.issueIdOf(caseId));
                        fresh.put(created.issueId, created);
                        return created;
                    });
                    chunk.events().forEach(event -> items.add(new Item(state, event)));
                }
                try {
                    resumeFrom(fresh);
                    process(items);
                } catch (RuntimeException e) {
                    log.error("Import {} stopped at case {}", id, batch.get(0).caseId(), e);
                    error.compareAndSet(null, "case " + batch.get(0).caseId() + " and " + (batch.size() - 1)
                            + " more: " + e.getMessage());
                }
            }
            if (end) {
                return;
            }
        }
    }

    /**
     * Finds which of the cases met for the first time an earlier run stored commands of, and how far it got: an event
     * of such a case before that point with no commands stored was refused then (a source event is stored whole or not
     * at all, and a case's events in order). Sending it again would ask the issue as it is now, after the events that
     * followed it: a refusal for another reason, or worse an acceptance, out of order, that takes the case elsewhere
     * than one uninterrupted run did (and the later events' stored keys then no longer match their plans).
     */
    private void resumeFrom(Map<UUID, CaseState> fresh) {
        keys.lastSourceEvents(fresh.keySet()).forEach((issue, index) -> {
            CaseState state = fresh.get(issue);
            state.storedUpTo = index;
            state.accepted = new ArrayList<>();
        });
    }

    /** One source event of the batch with the state of its issue (shared by the events of one case). */
    private record Item(CaseState state, SourceEvent event) {
    }

    /**
     * Sends the items in one unit; on a refusal sends those before it on their own, reports the refused
     * one and goes on after it. Each issue's state ends where its accepted commands left it.
     */
    private void process(List<Item> items) {
        List<Item> remaining = items;
        while (!remaining.isEmpty()) {
            Map<CaseState, CaseState> simulated = new java.util.IdentityHashMap<>();
            List<Plan> plans = new ArrayList<>(remaining.size());
            var policies = planner.policies();
            for (Item item : remaining) {
                plans.add(planner.plan(simulated.computeIfAbsent(item.state(), CaseState::copy), item.event(), policies));
            }
            boolean[] sentNew = new boolean[plans.size()];
            Refusal refusal = sendWithRetries(remaining, plans, sentNew);
            if (refusal == null) {
                simulated.forEach((state, after) -> copyInto(after, state));
                for (Item item : remaining) {
                    if (item.state().accepted != null) {
                        item.state().accepted.add(item.event());
                    }
                }
                for (int i = 0; i < plans.size(); i++) {
                    count(plans.get(i), sentNew[i]);
                }
                return;
            }
            if (refusal.index() > 0) {
                process(remaining.subList(0, refusal.index()));
            }
            Item refused = remaining.get(refusal.index());
            reject(refused.event(), refusal.reason() != null ? refusal.reason() : refusedBefore(refused));
            remaining = remaining.subList(refusal.index() + 1, remaining.size());
        }
    }

    /** @param reason null: refused by an earlier run, for the reason {@link #refusedBefore} finds again */
    private record Refusal(int index, String reason) {
    }

    /**
     * Why an earlier run's issue refused an event it has moved on from since: the case's events accepted before it
     * and then the event itself are sent to a scratch issue in a unit of work that is rolled back whatever happens,
     * so the aggregate answers from the state it had then. The answer names the scratch issue; the report the real one.
     */
    private String refusedBefore(Item item) {
        CaseState real = item.state();
        UUID scratchId = UUID.randomUUID();
        CaseState scratch = new CaseState(scratchId);
        var policies = planner.policies();
        List<IssueCommands.Step> steps = new ArrayList<>();
        List<String> verbs = new ArrayList<>();
        for (SourceEvent earlier : real.accepted) {
            Plan plan = planner.plan(scratch, earlier, policies);
            plan.steps().forEach(step -> {
                steps.add(new IssueCommands.Step(step.command(), MetaData.emptyInstance(), null));
                verbs.add(step.verb());
            });
        }
        int before = steps.size();
        planner.plan(scratch, item.event(), policies).steps().forEach(step -> {
            steps.add(new IssueCommands.Step(step.command(), MetaData.emptyInstance(), null));
            verbs.add(step.verb());
        });
        DefaultUnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        try {
            unit.attachTransaction(transactionManager);
            commandGateway.sendAndWait(IssueCommands.importCase(scratchId, steps));
        } catch (RuntimeException e) {
            int step = IssueCommands.refusedStep(e);
            if (step >= before) {
                return verbs.get(step) + ": " + e.getMessage().replace(scratchId.toString(), real.issueId.toString());
            }
            if (step < 0 && !IssueCommands.isRefusal(e)) {
                throw e;
            }
        } finally {
            if (unit.isActive()) {
                unit.rollback();
            }
        }
        // Not refused again (a timer that had fired between, say): still not sent, as the issue has moved on.
        return "refused by an earlier run of this import; the issue has moved on since";
    }

    private Refusal sendWithRetries(List<Item> items, List<Plan> plans, boolean[] sentNew) {
        for (int attempt = 1; ; attempt++) {
            try {
                return sendInOneUnit(items, plans, sentNew);
            } catch (RuntimeException e) {
                // Not the aggregate's answer: a conflict with a timer on the same issue, a lost connection,
                // a concurrent import of the same events (its keys now exist, so the next attempt skips them).
                if (attempt == ATTEMPTS) {
                    throw e;
                }
                log.debug("Import {}: attempt {} failed, retrying", id, attempt, e);
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
     * Dispatches the batch's commands inside one root unit of work with one database transaction. Each
     * command runs, as always, in its own unit of work — nested here — through the command bus with the
     * same interceptors and the aggregate's handlers; but the repository keeps each issue loaded for the
     * whole batch, the event store appends the batch's events in one statement when the root commits, and
     * the idempotency keys are checked and written once per batch, in that same transaction. A refusal
     * rolls the whole root back.
     */
    private Refusal sendInOneUnit(List<Item> items, List<Plan> plans, boolean[] sentNew) {
        java.util.Arrays.fill(sentNew, false);
        DefaultUnitOfWork<?> unit = DefaultUnitOfWork.startAndGet(null);
        try {
            unit.attachTransaction(transactionManager);
            Refusal refusal = send(items, plans, sentNew);
            if (refusal != null) {
                unit.rollback();
            } else {
                unit.commit();
            }
            return refusal;
        } catch (RuntimeException | Error e) {
            if (unit.isActive()) {
                unit.rollback(e);
            }
            throw e;
        }
    }

    /**
     * @param sentNew set for each plan that appended something (rather than finding all its keys used)
     * @return the first refusal (its plan's index), or null when every command was accepted
     */
    private Refusal send(List<Item> items, List<Plan> plans, boolean[] sentNew) {
        Map<String, String> fingerprints = new HashMap<>(); // of every step in the batch, by idempotency key
        for (Plan plan : plans) {
            for (int n = 0; n < plan.steps().size(); n++) {
                fingerprints.put(key(plan.event(), n), IdempotentCommands.fingerprint(plan.steps().get(n).request()));
            }
        }
        Map<String, String> used = keys.usedBefore(fingerprints.keySet());
        List<Object[]> recorded = new ArrayList<>();
        String[] occurredAt = new String[plans.size()]; // as text, once per source event rather than per command
        CaseSteps pending = null; // the steps of the case being collected, not sent yet
        for (int i = 0; i < plans.size(); i++) {
            Plan plan = plans.get(i);
            CaseState issue = items.get(i).state();
            if (pending != null && pending.issue != issue) {
                Refusal refusal = sendCase(pending);
                if (refusal != null) {
                    return refusal;
                }
                pending = null;
            }
            if (plan.rejection() != null) {
                return pending == null ? new Refusal(i, plan.rejection()) : orElse(sendCase(pending), i, plan.rejection());
            }
            if (!plan.steps().isEmpty() && plan.event().index() < issue.storedUpTo
                    && !used.containsKey(key(plan.event(), 0))) {
                return pending == null ? new Refusal(i, null) : orElse(sendCase(pending), i, null);
            }
            int next = nextCommandOf(items, plans, i);
            String nextCommandAt = next < 0 ? null : occurredAtText(plans, occurredAt, next);
            List<Step> steps = plan.steps();
            for (int n = 0; n < steps.size(); n++) {
                Step step = steps.get(n);
                String key = key(plan.event(), n);
                String fingerprint = fingerprints.get(key);
                String earlier = used.get(key);
                if (earlier != null) {
                    if (!earlier.equals(fingerprint)) {
                        String reason = "imported before as a different " + step.verb()
                                + " (another mapping?); idempotency key " + key;
                        return pending == null ? new Refusal(i, reason) : orElse(sendCase(pending), i, reason);
                    }
                    continue;
                }
                String stepNextCommandAt = n == steps.size() - 1 ? nextCommandAt : occurredAtText(plans, occurredAt, i);
                CommandMessage<Object> command = GenericCommandMessage.asCommandMessage(step.command())
                        .andMetaData(metadata(plan.event(), stepNextCommandAt));
                if (casePath != null) {
                    if (pending == null) {
                        pending = new CaseSteps(issue);
                    }
                    pending.add(i, step.verb(), new IssueCommands.Step(step.command(), eventMetadata(command),
                            stepNextCommandAt));
                } else {
                    try {
                        commandGateway.sendAndWait(command);
                    } catch (RuntimeException e) {
                        if (IssueCommands.isRefusal(e)) {
                            return new Refusal(i, step.verb() + ": " + e.getMessage());
                        }
                        throw e;
                    }
                }
                sentNew[i] = true;
                recorded.add(new Object[] {key, fingerprint, issue.issueId, command.getIdentifier()});
            }
        }
        if (pending != null) {
            Refusal refusal = sendCase(pending);
            if (refusal != null) {
                return refusal;
            }
        }
        keys.record(recorded);
        return null;
    }

    /**
     * Consecutive steps of one issue in a batch, with the plan each came from: one command. Steps of the same case
     * further on in the batch (after another case's) go as another command, so the batch's order is kept.
     */
    private static final class CaseSteps {
        final CaseState issue;
        final List<IssueCommands.Step> steps = new ArrayList<>();
        final List<Integer> plans = new ArrayList<>();
        final List<String> verbs = new ArrayList<>();

        CaseSteps(CaseState issue) {
            this.issue = issue;
        }

        void add(int plan, String verb, IssueCommands.Step step) {
            plans.add(plan);
            verbs.add(verb);
            steps.add(step);
        }
    }

    /** Sends a case's steps; the refusal of one of them is reported as its own command's would be. */
    private Refusal sendCase(CaseSteps pending) {
        try {
            commandGateway.sendAndWait(IssueCommands.importCase(pending.issue.issueId, pending.steps));
            return null;
        } catch (RuntimeException e) {
            int step = IssueCommands.refusedStep(e);
            if (step < 0 && IssueCommands.isRefusal(e)) {
                step = 0; // refused before any step ran (the issue does not exist): the first step's refusal
            }
            if (step < 0) {
                throw e;
            }
            return new Refusal(pending.plans.get(step), pending.verbs.get(step) + ": " + e.getMessage());
        }
    }

    /**
     * A refusal found while collecting steps comes after the case steps collected before it; those are sent first,
     * so the first refusal of the batch is the one reported, as when every step goes on its own.
     */
    private static Refusal orElse(Refusal earlier, int index, String reason) {
        return earlier != null ? earlier : new Refusal(index, reason);
    }

    /** What the unit of work would give the events of {@code command} were it handled on its own. */
    private MetaData eventMetadata(CommandMessage<?> command) {
        Map<String, Object> data = new HashMap<>();
        for (CorrelationDataProvider provider : casePath) {
            Map<String, ?> extra = provider.correlationDataFor(command);
            if (extra != null) {
                data.putAll(extra);
            }
        }
        return MetaData.from(data);
    }

    /**
     * The plan of the issue's next command in this batch (-1 for none), whose business time the aggregate may
     * rely on to skip SLA deadlines that command will make redundant. The issue's last command in the batch
     * promises nothing, nor does one followed by an event refused before sending.
     */
    private static int nextCommandOf(List<Item> items, List<Plan> plans, int index) {
        CaseState issue = items.get(index).state();
        for (int j = index + 1; j < plans.size(); j++) {
            if (items.get(j).state() != issue) {
                continue;
            }
            Plan later = plans.get(j);
            if (later.rejection() != null) {
                return -1;
            }
            if (!later.steps().isEmpty()) {
                return j;
            }
        }
        return -1;
    }

    private static String occurredAtText(List<Plan> plans, String[] texts, int index) {
        String text = texts[index];
        if (text == null) {
            text = plans.get(index).event().occurredAt().toString();
            texts[index] = text;
        }
        return text;
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
        metadata.put(ImportMetadata.IMPORTED_BY, importedBy);
        if (nextCommandAt != null) {
            metadata.put(IssueCommands.NEXT_COMMAND_AT, nextCommandAt);
        }
        return metadata;
    }

    /** Deterministic per source event and command: a re-run sends the same keys and appends nothing. */
    private String key(SourceEvent event, int step) {
        String key = "import:" + mapping.source() + ":" + event.caseId() + "#" + event.index() + "." + step;
        return key.length() <= 200 ? key : "import:" + mapping.source() + ":sha256:" + IdempotentCommands.fingerprint(key);
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
        // Read once: the state flips to COMPLETED when the last worker has joined, and a report saying COMPLETED
        // must carry the counts as they stand then, not counts read a moment before the flip.
        State now = state;
        long end = now == State.RUNNING ? System.nanoTime() : finishedNanos;
        double elapsed = (end - startNanos) / 1e9;
        Map<String, Long> counts = new java.util.LinkedHashMap<>();
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome.name().toLowerCase(java.util.Locale.ROOT), outcomes.get(outcome).sum());
        }
        long rejected = counts.get("rejected");
        long done = counts.values().stream().mapToLong(Long::longValue).sum();
        double fraction = now == State.COMPLETED ? 1.0 : fileSize <= 0 ? 0 : Math.min(1.0, bytesRead.getAsLong() / (double) fileSize);
        double rate = elapsed > 0 ? done / elapsed : 0;
        // The reader runs ahead of the workers: the events in the whole file are estimated from how far into
        // it the reader is, and the time left from the rate at which events are done.
        Double eta = now != State.RUNNING ? Double.valueOf(0)
                : fraction > 0.01 && rate > 0 ? Math.max(0, read.sum() / fraction - done) / rate : null;
        Map<String, Long> byReason = new TreeMap<>();
        reasons.forEach((reason, count) -> byReason.put(reason, count.sum()));
        long unsent = notSent.sum();
        String summary = String.format(java.util.Locale.ROOT,
                "%s %.0f%%: read %d, imported %d, already imported %d, unchanged %d, skipped %d, rejected %d%s; %d issues; "
                        + "%.0f events/s; %s",
                now == State.CANCELLED ? "CANCELLED by " + cancelledBy.get() + " at" : now, fraction * 100, read.sum(),
                counts.get("imported"), counts.get("already_imported"), counts.get("unchanged"), counts.get("skipped"),
                rejected, unsent == 0 ? "" : ", not sent " + unsent, issues.get(), rate,
                now == State.RUNNING ? (eta == null ? "ETA unknown" : "ETA " + Duration.ofSeconds(Math.round(eta)))
                        : "took " + Duration.ofMillis(Math.round(elapsed * 1000)));
        List<Rejection> listed;
        synchronized (rejections) {
            listed = List.copyOf(rejections);
        }
        return new Progress(id, now, file, format.name().toLowerCase(java.util.Locale.ROOT), mapping.source(), importedBy,
                startedAt, finishedAt, cancelledBy.get(), read.sum(), done - rejected, rejected, unsent, counts, byReason,
                issues.get(), sent.sum(), repeated.sum(), fraction, Math.round(elapsed * 1000) / 1000.0,
                Math.round(rate * 10) / 10.0, eta == null ? null : (double) Math.round(eta), error.get(), summary, listed);
    }

    /**
     * Stops the import after the batches the workers are sending (each is stored whole or not at all): nothing more is
     * read or sent. What was stored stays; the same import run again later goes on from there (its keys).
     *
     * @return false when the import had already ended, or was already cancelled
     */
    boolean cancel(String by) {
        return state == State.RUNNING && cancelledBy.compareAndSet(null, by);
    }

    /** Waits up to {@code timeout} for the import to end; whether it has. */
    boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    void interrupt() {
        error.compareAndSet(null, "the import was interrupted (the service is stopping); run it again to complete it");
    }
}
