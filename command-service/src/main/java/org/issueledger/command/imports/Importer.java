package org.issueledger.command.imports;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.issueledger.command.sla.SlaPolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Runs imports, one at a time per instance, and keeps their reports in memory (the last 20); a running one can be
 * cancelled. The file is already on local disk (the controller stores the upload); it is deleted when the import
 * ends. Progress is logged every 2 s.
 */
@Component
class Importer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Importer.class);

    private final CommandGateway commands;
    private final ImportKeys keys;
    private final SlaPolicies policies;
    private final TransactionManager transactions;
    private final Clock clock;
    private final int workers;
    private final List<CorrelationDataProvider> casePath;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "import-reader");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "import-progress");
        t.setDaemon(true);
        return t;
    });
    private final Map<UUID, ImportJob> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, ImportJob> eldest) {
            return size() > 20;
        }
    });
    private ImportJob running; // guarded by this

    /**
     * @param oneCommandPerCase each case's steps in a batch as one command (the default), or each step as a command
     *                          of its own (the path every step took before, kept as the reference the first is
     *                          compared with)
     */
    Importer(CommandGateway commands, ImportKeys keys, SlaPolicies policies, TransactionManager transactions, Clock clock,
             org.axonframework.config.Configuration axon,
             @Value("${issueledger.imports.workers:4}") int workers,
             @Value("${issueledger.imports.one-command-per-case:true}") boolean oneCommandPerCase) {
        this.commands = commands;
        this.keys = keys;
        this.policies = policies;
        this.transactions = transactions;
        this.clock = clock;
        this.workers = workers;
        this.casePath = oneCommandPerCase ? List.copyOf(axon.correlationDataProviders()) : null;
    }

    /** Thrown when another import runs on this instance (HTTP 409). */
    static final class AlreadyRunning extends RuntimeException {
        final UUID running;

        AlreadyRunning(UUID running) {
            super("Import " + running + " is still running; one import at a time (DELETE /api/admin/imports/" + running
                    + " cancels it)", null, false, false);
            this.running = running;
        }
    }

    /** Thrown when the import to cancel has already ended, or been cancelled (HTTP 409). */
    static final class NotRunning extends RuntimeException {
        final ImportJob.Progress report;

        NotRunning(ImportJob.Progress report) {
            super("Import " + report.id() + " is not running: " + (report.cancelledBy() != null
                    ? "cancelled by " + report.cancelledBy() : report.state()), null, false, false);
            this.report = report;
        }
    }

    static final class UnknownImport extends RuntimeException {
        UnknownImport(UUID id) {
            super("No import " + id + " on this instance (reports are kept in memory, the last 20)", null, false, false);
        }
    }

    /**
     * Opens the file — a malformed start (a CSV header without the mapped columns, a file that is not XML)
     * is refused here, before anything runs — and imports it in the background.
     *
     * @param name how the report names the file
     */
    synchronized ImportJob start(Path file, String name, String importedBy, ImportMapping mapping,
                                 ImportMapping.Format format) {
        if (running != null && running.state() == ImportJob.State.RUNNING) {
            deleteQuietly(file);
            throw new AlreadyRunning(running.id);
        }
        AtomicLong bytes = new AtomicLong();
        LogReader reader;
        long size;
        try {
            size = Files.size(file);
            reader = LogReader.open(counting(Files.newInputStream(file), bytes), mapping, format);
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            deleteQuietly(file);
            throw e;
        }
        ImportJob job = new ImportJob(name, importedBy, mapping, format, reader, bytes::get, size,
                new CasePlanner(mapping, policies::asOfNow), commands, keys, transactions, casePath, workers, clock.instant());
        jobs.put(job.id, job);
        running = job;
        ScheduledFuture<?> progress = ticker.scheduleAtFixedRate(
                () -> log.info("Import {} {}", job.id, job.progress().summary()), 2, 2, TimeUnit.SECONDS);
        log.info("Import {} of {} ({} bytes, {} mapping '{}', {} workers) started", job.id, name, size,
                format.name().toLowerCase(Locale.ROOT), mapping.source(), workers);
        runner.execute(() -> {
            try {
                job.run(clock);
            } finally {
                progress.cancel(false);
                deleteQuietly(file);
                log.info("Import {} {}", job.id, job.progress().summary());
            }
        });
        return job;
    }

    ImportJob.Progress progress(UUID id) {
        return job(id).progress();
    }

    /** The reports this instance keeps, the newest first. */
    List<ImportJob.Progress> list() {
        List<ImportJob> kept;
        synchronized (jobs) {
            kept = new ArrayList<>(jobs.values());
        }
        Collections.reverse(kept);
        return kept.stream().map(ImportJob::progress).toList();
    }

    /**
     * Stops a running import after the batches being sent ({@link ImportJob#cancel}) and waits up to {@code wait} for
     * it to end; its report then (still RUNNING if it has not ended by then).
     */
    ImportJob.Progress cancel(UUID id, String by, Duration wait) throws InterruptedException {
        ImportJob job = job(id);
        if (!job.cancel(by)) {
            throw new NotRunning(job.progress());
        }
        log.info("Import {} cancelled by {}", id, by);
        job.awaitEnd(wait);
        return job.progress();
    }

    private ImportJob job(UUID id) {
        ImportJob job = jobs.get(id);
        if (job == null) {
            throw new UnknownImport(id);
        }
        return job;
    }

    private static InputStream counting(InputStream in, AtomicLong bytes) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    bytes.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    bytes.addAndGet(n);
                }
                return n;
            }
        };
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the uploaded import file {}", file, e);
        }
    }

    @Override
    public void destroy() {
        synchronized (this) {
            if (running != null) {
                running.interrupt();
            }
        }
        runner.shutdownNow();
        ticker.shutdownNow();
    }
}
