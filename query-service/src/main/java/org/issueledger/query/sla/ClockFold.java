package org.issueledger.query.sla;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;

/**
 * Runs one issue's two clocks over its lifecycle facts under a given policy, by the rules the command side's
 * {@code Issue} aggregate applies (README, "SLA clocks"): both start at creation; the first-response clock stops
 * at the first response, a resolution or a cancellation; the resolution clock pauses while on hold, stops at
 * resolution or cancellation and runs again on reopen with its elapsed time carried over; a priority change
 * retargets running clocks and keeps their elapsed time, a paused or stopped clock takes the new target when it
 * runs again. A clock is breached once its elapsed business time exceeds its target while it runs: a stop exactly
 * on target is met, here as on the command side (which records SlaBreached only for time past the target).
 *
 * <p>Pure: no database, no clock; {@code asOf} is where still-running clocks are read.
 */
final class ClockFold {

    /** One row of {@code sla_fact}; {@code priority} only for CREATED and PRIORITY_CHANGED. */
    record Fact(Instant at, LifecycleFact kind, Priority priority) {
    }

    private ClockFold() {
    }

    /** Empty when the facts hold no creation (nothing to measure). */
    static Map<ClockKind, Result> fold(List<Fact> facts, SlaPolicy policy, Instant asOf) {
        BusinessCalendar calendar = policy.calendar();
        Map<ClockKind, Clock> clocks = new EnumMap<>(ClockKind.class);
        Priority priority = null;
        for (Fact fact : facts) {
            if (fact.kind() == LifecycleFact.CREATED) {
                if (!clocks.isEmpty() || fact.priority() == null) {
                    continue; // a second creation, or one without priority, cannot happen on the command side
                }
                priority = fact.priority();
                for (ClockKind kind : ClockKind.values()) {
                    clocks.put(kind, new Clock(kind, fact.at(), priority, policy.target(kind, priority)));
                }
                continue;
            }
            if (clocks.isEmpty()) {
                continue; // nothing runs before the creation
            }
            Clock firstResponse = clocks.get(ClockKind.FIRST_RESPONSE);
            Clock resolution = clocks.get(ClockKind.RESOLUTION);
            Instant at = fact.at();
            switch (fact.kind()) {
                case PRIORITY_CHANGED -> {
                    if (fact.priority() == null) {
                        continue;
                    }
                    priority = fact.priority();
                    for (Clock clock : clocks.values()) {
                        if (clock.phase == Phase.RUNNING) {
                            clock.advance(at, calendar);
                            clock.retarget(priority, policy.target(clock.kind, priority));
                        }
                    }
                }
                case ON_HOLD -> resolution.pause(at, calendar);
                case RESUMED -> {
                    if (resolution.phase == Phase.PAUSED) {
                        resolution.run(at, priority, policy.target(ClockKind.RESOLUTION, priority));
                    }
                }
                case FIRST_RESPONSE -> firstResponse.stop(at, calendar);
                case RESOLVED -> {
                    firstResponse.stop(at, calendar);
                    resolution.stop(at, calendar);
                }
                case REOPENED -> {
                    if (resolution.phase == Phase.STOPPED && !resolution.cancelled) {
                        resolution.run(at, priority, policy.target(ClockKind.RESOLUTION, priority));
                    }
                }
                case CANCELLED -> {
                    firstResponse.stop(at, calendar);
                    resolution.stop(at, calendar);
                    firstResponse.cancelled = true;
                    resolution.cancelled = true;
                }
                default -> throw new IllegalArgumentException("Unexpected fact " + fact.kind());
            }
        }
        Map<ClockKind, Result> results = new EnumMap<>(ClockKind.class);
        clocks.forEach((kind, clock) -> results.put(kind, clock.result(asOf, calendar)));
        return results;
    }

    /**
     * How a clock came out.
     *
     * @param priority the priority whose target the clock last took
     * @param elapsed  business time on the clock: at its stop, or up to {@code asOf} while not stopped
     * @param stopped  measured by a stop (only stopped clocks enter the business-time statistics)
     */
    record Result(ClockKind clock, Instant startedAt, Priority priority, ClockState state, Duration elapsed,
                  Duration target, boolean stopped) {
    }

    private enum Phase { RUNNING, PAUSED, STOPPED }

    private static final class Clock {
        final ClockKind kind;
        final Instant startedAt;
        Phase phase = Phase.RUNNING;
        Priority priority;
        Duration target;
        Duration elapsed = Duration.ZERO;
        Instant runningSince;
        boolean breached;
        boolean cancelled;

        Clock(ClockKind kind, Instant startedAt, Priority priority, Duration target) {
            this.kind = kind;
            this.startedAt = startedAt;
            this.priority = priority;
            this.target = target;
            this.runningSince = startedAt;
        }

        /** Adds the business time since the clock last ran, checking the target it ran against. */
        void advance(Instant at, BusinessCalendar calendar) {
            elapsed = elapsed.plus(calendar.businessTimeBetween(runningSince, at));
            runningSince = at;
            check();
        }

        void retarget(Priority newPriority, Duration newTarget) {
            priority = newPriority;
            target = newTarget;
            check();
        }

        void pause(Instant at, BusinessCalendar calendar) {
            if (phase == Phase.RUNNING) {
                advance(at, calendar);
                phase = Phase.PAUSED;
                runningSince = null;
            }
        }

        void run(Instant at, Priority newPriority, Duration newTarget) {
            phase = Phase.RUNNING;
            runningSince = at;
            retarget(newPriority, newTarget);
        }

        void stop(Instant at, BusinessCalendar calendar) {
            if (phase == Phase.RUNNING) {
                advance(at, calendar);
            }
            phase = Phase.STOPPED;
            runningSince = null;
        }

        private void check() {
            if (elapsed.compareTo(target) > 0) {
                breached = true;
            }
        }

        Result result(Instant asOf, BusinessCalendar calendar) {
            Duration reading = elapsed;
            boolean breachedByNow = breached;
            if (phase == Phase.RUNNING) {
                reading = elapsed.plus(calendar.businessTimeBetween(runningSince, asOf));
                breachedByNow |= reading.compareTo(target) > 0;
            }
            ClockState state = breachedByNow ? ClockState.BREACHED
                    : phase == Phase.STOPPED ? ClockState.MET
                    : phase == Phase.PAUSED ? ClockState.PAUSED
                    : ClockState.RUNNING;
            return new Result(kind, startedAt, priority, state, reading, target, phase == Phase.STOPPED);
        }
    }
}
