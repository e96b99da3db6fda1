package org.issueledger.command.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.TreeSet;

import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;

/**
 * One SLA clock of an issue, as folded from its events. Business time accumulates only while the clock
 * runs, and only inside the policy's calendar; elapsed time survives pauses, stops and retargets.
 */
final class SlaClock {

    enum State { RUNNING, PAUSED, STOPPED }

    final ClockKind kind;
    State state = State.RUNNING;
    Duration target;
    /** Business time accumulated before {@link #runningSince}. */
    Duration elapsedBefore = Duration.ZERO;
    Instant runningSince;
    Instant dueAt;
    /** Percentages of the target already recorded (warning, breach, ladder steps): each fires once. */
    final TreeSet<Integer> thresholdsPassed = new TreeSet<>();

    SlaClock(ClockKind kind, Duration target, Instant startedAt, Instant dueAt) {
        this.kind = kind;
        this.target = target;
        this.runningSince = startedAt;
        this.dueAt = dueAt;
    }

    /** Paused or stopped: the elapsed time is frozen until the clock runs again. */
    void halt(State haltedState, Duration elapsed) {
        state = haltedState;
        elapsedBefore = elapsed;
        runningSince = null;
    }

    Duration elapsedAt(Instant at, BusinessCalendar calendar) {
        if (state != State.RUNNING || !at.isAfter(runningSince)) {
            return elapsedBefore;
        }
        return elapsedBefore.plus(calendar.businessTimeBetween(runningSince, at));
    }

    /** The wall-clock instant at which the clock reaches {@code percent} of its target, if it keeps running. */
    Instant instantOf(int percent, BusinessCalendar calendar) {
        return reachedAt(runningSince, elapsedBefore, share(target, percent), calendar);
    }

    /**
     * When a clock that runs from {@code from} with {@code elapsed} already on it reaches {@code goal}:
     * {@code from} itself if it is there already.
     */
    static Instant reachedAt(Instant from, Duration elapsed, Duration goal, BusinessCalendar calendar) {
        Duration left = goal.minus(elapsed);
        return left.isNegative() ? from : calendar.plusBusinessTime(from, left);
    }

    /** Value equality, so that Axon's test fixture can check that replaying the events rebuilds this state. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SlaClock that && kind == that.kind && state == that.state
                && Objects.equals(target, that.target) && Objects.equals(elapsedBefore, that.elapsedBefore)
                && Objects.equals(runningSince, that.runningSince) && Objects.equals(dueAt, that.dueAt)
                && thresholdsPassed.equals(that.thresholdsPassed);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, state, target, elapsedBefore, runningSince, dueAt, thresholdsPassed);
    }

    @Override
    public String toString() {
        return kind + "[" + state + ", target " + target + ", elapsed " + elapsedBefore + " + since " + runningSince
                + ", due " + dueAt + ", passed " + thresholdsPassed + "]";
    }

    static Duration share(Duration target, int percent) {
        return target.multipliedBy(percent).dividedBy(100);
    }
}
