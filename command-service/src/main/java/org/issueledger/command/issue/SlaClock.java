package org.issueledger.command.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * The instants {@link #instantOf} answered since the clock last changed, by percentage, and the calendar they
     * were computed in. Every command of an issue asks for each pending threshold of each running clock (its SLA
     * catch-up), and each answer walks the business calendar: while the clock runs unchanged the answers are the
     * same. Not state: left out of equality, emptied whenever the clock halts or runs again.
     */
    private final Map<Integer, Instant> reached = new HashMap<>(8);
    private BusinessCalendar reachedIn;

    /** Paused or stopped: the elapsed time is frozen until the clock runs again. */
    void halt(State haltedState, Duration elapsed) {
        state = haltedState;
        elapsedBefore = elapsed;
        runningSince = null;
        reached.clear();
    }

    /** Running again from {@code since} with {@code elapsed} carried over, against {@code newTarget}. */
    void run(Duration newTarget, Duration elapsed, Instant since, Instant newDueAt) {
        state = State.RUNNING;
        target = newTarget;
        elapsedBefore = elapsed;
        runningSince = since;
        dueAt = newDueAt;
        reached.clear();
    }

    Duration elapsedAt(Instant at, BusinessCalendar calendar) {
        if (state != State.RUNNING || !at.isAfter(runningSince)) {
            return elapsedBefore;
        }
        return elapsedBefore.plus(calendar.businessTimeBetween(runningSince, at));
    }

    /** The wall-clock instant at which the clock reaches {@code percent} of its target, if it keeps running. */
    Instant instantOf(int percent, BusinessCalendar calendar) {
        if (reachedIn != calendar) {
            reached.clear();
            reachedIn = calendar;
        }
        Instant at = reached.get(percent);
        if (at == null) {
            at = reachedAt(runningSince, elapsedBefore, share(target, percent), calendar);
            reached.put(percent, at);
        }
        return at;
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

    /**
     * {@code percent} % of {@code target}, truncated to the nanosecond: what {@code multipliedBy(percent).dividedBy(100)}
     * gives, without the BigDecimal division that made it a twentieth of the import's aggregate time.
     */
    static Duration share(Duration target, int percent) {
        Duration total = target.multipliedBy(percent);
        if (total.isNegative()) {
            return total.dividedBy(100);
        }
        long seconds = total.getSeconds();
        return Duration.ofSeconds(seconds / 100, ((seconds % 100) * 1_000_000_000L + total.getNano()) / 100);
    }
}
