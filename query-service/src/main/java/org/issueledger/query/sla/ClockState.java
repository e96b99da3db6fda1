package org.issueledger.query.sla;

/**
 * Where a clock stands. BREACHED wins over everything: once a breach is recorded (or a stop reports the target
 * missed) the clock counts as breached for good, even while it runs again after a reopen. MET is a stop within
 * the target without any breach. PAUSED and RUNNING are not measured yet.
 */
enum ClockState {
    RUNNING, PAUSED, MET, BREACHED;

    boolean measured() {
        return this == MET || this == BREACHED;
    }
}
