package org.issueledger.query.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A rebuild as the operator follows it.
 *
 * @param eventsDone      records of {@code issue-events} replayed so far
 * @param eventsTotal     records in the topic when last looked (it grows while the rebuild runs)
 * @param eventsPerSecond mean rate since the start
 * @param etaSeconds      at that rate, until the end of the topic as last seen; null when unknown
 */
record RebuildStatus(UUID id, List<String> readModels, State state, long eventsDone, Long eventsTotal,
                     Double eventsPerSecond, Long etaSeconds, Instant startedAt, Instant finishedAt, String error) {

    enum State { RUNNING, SWAPPED, FAILED, ABANDONED }

    static RebuildStatus of(UUID id, List<String> readModels, State state, long done, Long total, Instant startedAt,
                            Instant updatedAt, Instant finishedAt, String error) {
        Instant end = finishedAt != null ? finishedAt : updatedAt;
        double seconds = Duration.between(startedAt, end).toMillis() / 1000.0;
        Double rate = seconds > 0 ? done / seconds : null;
        Long eta = state == State.RUNNING && total != null && rate != null && rate > 0
                ? Math.round(Math.max(0, total - done) / rate) : null;
        return new RebuildStatus(id, readModels, state, done, total, rate, eta, startedAt, finishedAt, error);
    }
}
