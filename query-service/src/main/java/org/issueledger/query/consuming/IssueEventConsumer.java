package org.issueledger.query.consuming;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the {@link PollLoop} on its own thread for as long as the application runs. Started last and
 * stopped first, so the read models are never fed while the database pool is going away.
 */
@Component
class IssueEventConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IssueEventConsumer.class);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaSettings settings;
    private final BatchApplier batches;
    private final StoredOffsets storedOffsets;
    private final ConsumerState state;

    private PollLoop loop;
    private Thread thread;

    IssueEventConsumer(KafkaSettings settings, BatchApplier batches, StoredOffsets storedOffsets, ConsumerState state) {
        this.settings = settings;
        this.batches = batches;
        this.storedOffsets = storedOffsets;
        this.state = state;
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        loop = new PollLoop(settings, batches, storedOffsets, state);
        thread = new Thread(loop, "issue-events-consumer");
        thread.start();
        log.info("Consuming {} from {} as group {}", settings.topic(), settings.bootstrapServers(), settings.consumerGroup());
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(STOP_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("The consumer thread did not end within {}", STOP_TIMEOUT);
        }
        thread = null;
        loop = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return thread != null;
    }
}
