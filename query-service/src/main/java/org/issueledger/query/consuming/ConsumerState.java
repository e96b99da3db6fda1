package org.issueledger.query.consuming;

import org.springframework.stereotype.Component;

/** What the consumer thread last saw, published for the API, health and metrics to read. */
@Component
class ConsumerState {

    private volatile boolean running;
    private volatile boolean retrying;
    private volatile int assignedPartitions;
    private volatile Long pendingEvents;

    void running(boolean running) {
        this.running = running;
        if (!running) {
            assignedPartitions = 0;
            pendingEvents = null;
            retrying = false;
        }
    }

    void retrying(boolean retrying) {
        this.retrying = retrying;
    }

    void observed(int assignedPartitions, Long pendingEvents) {
        this.assignedPartitions = assignedPartitions;
        this.pendingEvents = pendingEvents;
    }

    boolean running() {
        return running;
    }

    boolean retrying() {
        return retrying;
    }

    int assignedPartitions() {
        return assignedPartitions;
    }

    Long pendingEvents() {
        return pendingEvents;
    }
}
