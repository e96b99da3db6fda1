package org.issueledger.command.relay;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-publishes the event store to {@code issue-events} from a global position, for a cluster whose topic
 * lost data: the same records the relay sends ({@link IssueEventRecords}), in global order, each
 * acknowledged by the broker. The store is read as a stream in batches and at most {@link #IN_FLIGHT}
 * sends are unacknowledged at a time, so memory stays constant however long the log.
 *
 * <p>The relay on this instance is paused for the run: otherwise it could put an issue's new event on the
 * topic before the re-publish reaches that issue's lost older ones, and a consumer with a last-sequence
 * guard would then skip the older ones. When the relay resumes from its own token it may send again what
 * was just re-published; consumers deduplicate. The range ends at the last event stored when the job
 * started; later ones are the relay's. One job at a time; jobs live in memory (a restart forgets them,
 * and a job interrupted by one can simply be started again).
 */
@Component
class Republisher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Republisher.class);

    /** Sends awaiting their acknowledgement; the idempotent producer keeps them in order. */
    private static final int IN_FLIGHT = 500;
    private static final int JOBS_KEPT = 20;

    enum State { RUNNING, COMPLETED, FAILED }

    /**
     * @param toPosition the last global position of the range: the store's last event when the job started
     * @param total      events stored in the range; only issue events are sent (SLA policy events never are)
     */
    record Progress(UUID id, State state, long fromPosition, long toPosition, long total, long eventsRead,
                    long eventsSent, double eventsPerSecond, Instant startedAt, Instant finishedAt, String error) {
    }

    static final class AlreadyRunning extends RuntimeException {
        final UUID running;

        AlreadyRunning(UUID running) {
            super("Re-publish " + running + " is still running; one at a time", null, false, false);
            this.running = running;
        }
    }

    static final class UnknownJob extends RuntimeException {
        UnknownJob(UUID id) {
            super("No re-publish job " + id + " (jobs are kept in memory until a restart)", null, false, false);
        }
    }

    private final EventStorageEngine storage;
    private final JdbcTemplate jdbc;
    private final IssueEventRecords records;
    private final TopicAdmin topicAdmin;
    private final RelaySettings settings;
    private final EventProcessingConfiguration processing;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "republish");
        t.setDaemon(true);
        return t;
    });
    private final Map<UUID, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Job> eldest) {
            return size() > JOBS_KEPT;
        }
    });
    private Job current;

    Republisher(EventStorageEngine storage, JdbcTemplate jdbc, IssueEventRecords records, TopicAdmin topicAdmin, RelaySettings settings,
                EventProcessingConfiguration processing, Clock clock) {
        this.storage = storage;
        this.jdbc = jdbc;
        this.records = records;
        this.topicAdmin = topicAdmin;
        this.settings = settings;
        this.processing = processing;
        this.clock = clock;
    }

    /** @throws AlreadyRunning while another job runs */
    synchronized Progress start(long fromPosition) {
        if (current != null && current.state == State.RUNNING) {
            throw new AlreadyRunning(current.id);
        }
        long toPosition = Optional.ofNullable(jdbc.queryForObject(
                "select max(global_index) from domain_event_entry", Long.class)).orElse(0L);
        long total = jdbc.queryForObject(
                "select count(*) from domain_event_entry where global_index between ? and ?", Long.class,
                fromPosition, toPosition);
        current = new Job(UUID.randomUUID(), fromPosition, toPosition, total, clock.instant());
        jobs.put(current.id, current);
        Job job = current;
        worker.submit(() -> run(job));
        return job.progress(clock.instant());
    }

    /** @throws UnknownJob for an id this instance does not know */
    Progress progress(UUID id) {
        Job job = jobs.get(id);
        if (job == null) {
            throw new UnknownJob(id);
        }
        return job.progress(clock.instant());
    }

    private void run(Job job) {
        log.info("Re-publish {}: global positions {} to {} ({} events) to topic {}", job.id, job.fromPosition,
                job.toPosition, job.total, settings.topic());
        Optional<EventProcessor> relay = processing.eventProcessor(KafkaRelay.PROCESSING_GROUP);
        relay.ifPresent(EventProcessor::shutDown);
        try {
            topicAdmin.createIfMissing();
            send(job);
            job.finish(State.COMPLETED, null, clock.instant());
            log.info("Re-publish {} completed: {} events read, {} sent", job.id, job.read, job.sent);
        } catch (Exception e) {
            job.finish(State.FAILED, e.toString(), clock.instant());
            log.error("Re-publish {} failed after {} events sent", job.id, job.sent, e);
        } finally {
            relay.ifPresent(EventProcessor::start);
        }
    }

    /**
     * A producer of its own, not the relay's: an idempotent producer's per-partition sequence numbers
     * outlive a deleted topic, and a recreated partition refuses them as out of order.
     */
    private void send(Job job) throws Exception {
        Deque<Future<RecordMetadata>> unacknowledged = new ArrayDeque<>();
        TrackingToken before = job.fromPosition <= 0 ? null
                : GapAwareTrackingToken.newInstance(job.fromPosition - 1, Collections.emptySortedSet());
        try (Producer<String, byte[]> producer = RelayConfig.newProducer(settings, "issueledger-republish");
             Stream<? extends TrackedEventMessage<?>> events = storage.readEvents(before, false)) {
            for (var iterator = events.iterator(); iterator.hasNext(); ) {
                TrackedEventMessage<?> message = iterator.next();
                long position = message.trackingToken().position().orElseThrow();
                if (position > job.toPosition) {
                    break;
                }
                job.read.incrementAndGet();
                if (IssueEventRecords.isIssueEvent(message)) {
                    long sequence = ((DomainEventMessage<?>) message).getSequenceNumber();
                    unacknowledged.add(producer.send(records.of(message, sequence, position)));
                    if (unacknowledged.size() >= IN_FLIGHT) {
                        awaitAck(unacknowledged.poll(), job);
                    }
                }
            }
            while (!unacknowledged.isEmpty()) {
                awaitAck(unacknowledged.poll(), job);
            }
        }
    }

    private void awaitAck(Future<RecordMetadata> send, Job job) throws Exception {
        send.get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        job.sent.incrementAndGet();
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    /** One run; its counters are written by the worker and read by whoever asks for progress. */
    private static final class Job {
        final UUID id;
        final long fromPosition;
        final long toPosition;
        final long total;
        final Instant startedAt;
        final AtomicLong read = new AtomicLong();
        final AtomicLong sent = new AtomicLong();
        volatile State state = State.RUNNING;
        volatile Instant finishedAt;
        volatile String error;

        Job(UUID id, long fromPosition, long toPosition, long total, Instant startedAt) {
            this.id = id;
            this.fromPosition = fromPosition;
            this.toPosition = toPosition;
            this.total = total;
            this.startedAt = startedAt;
        }

        void finish(State outcome, String failure, Instant at) {
            error = failure;
            finishedAt = at;
            state = outcome;
        }

        Progress progress(Instant now) {
            Instant end = finishedAt != null ? finishedAt : now;
            double seconds = Duration.between(startedAt, end).toNanos() / 1e9;
            double rate = seconds > 0 ? read.get() / seconds : 0;
            return new Progress(id, state, fromPosition, toPosition, total, read.get(), sent.get(),
                    Math.round(rate * 10) / 10.0, startedAt, finishedAt, error);
        }
    }
}
