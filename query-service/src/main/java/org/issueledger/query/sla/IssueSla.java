package org.issueledger.query.sla;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.consuming.Freshness;

/**
 * {@code GET /api/sla/issues/{id}}: the issue's clocks. Durations are ISO-8601 ({@code PT1H30M}).
 *
 * @param asOf when running clocks were read: their elapsed and paused times run up to here
 */
record IssueSla(UUID issueId, String team, String category, String priority, String policyId, Integer policyVersion,
                Instant asOf, List<Clock> clocks, Freshness freshness) {

    /**
     * @param priority            the priority whose target the clock last took
     * @param target              business time allowed
     * @param dueAt               when the target is reached if the clock keeps running (stale while paused: the
     *                            due instant it had when it paused)
     * @param businessTimeElapsed on the clock: at its stop, at its pause, or up to {@code asOf} while running
     * @param pausedBusinessTime  working time that passed while the clock was paused (kept off the clock by holds),
     *                            an ongoing pause up to {@code asOf} included
     * @param pausedWallTime      the same pauses in plain elapsed time
     * @param stoppedAt           the latest stop; null while the clock runs or is paused
     */
    record Clock(ClockKind clock, ClockState state, String policyId, int policyVersion, String priority,
                 String target, Instant startedAt, Instant warningAt, Instant dueAt, String businessTimeElapsed,
                 String pausedBusinessTime, String pausedWallTime, int pauses, Instant pausedSince,
                 String pauseReason, Instant warnedAt, Instant breachedAt, Instant stoppedAt) {
    }
}
