package org.issueledger.query.sla;

import java.util.ArrayList;
import java.util.List;

/**
 * Compliance of one clock kind in one group.
 *
 * @param met               clocks stopped within their target and never breached
 * @param breached          clocks with a breach (stopped or still running after a reopen)
 * @param running           clocks not measured yet: running or paused, no breach so far
 * @param compliancePercent met / (met + breached) in percent, two decimals; null when nothing is measured
 * @param stopped           clocks stopped (met or breached): the population of the business-time figures
 * @param meanHours         mean business time on the stopped clocks, in hours (two decimals)
 * @param medianHours       median, interpolated like PostgreSQL's {@code percentile_cont(0.5)}
 * @param p90Hours          90th percentile, interpolated like {@code percentile_cont(0.9)}
 */
record ClockFigures(long met, long breached, long running, Double compliancePercent, long stopped, Double meanHours,
                    Double medianHours, Double p90Hours) {

    static final ClockFigures NONE = new ClockFigures(0, 0, 0, null, 0, null, null, null);

    /** From figures the database aggregated; milliseconds. */
    static ClockFigures of(long met, long breached, long running, long stopped, Double meanMs, Double medianMs,
                           Double p90Ms) {
        return new ClockFigures(met, breached, running, percent(met, met + breached), stopped, hours(meanMs),
                hours(medianMs), hours(p90Ms));
    }

    static Double percent(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 100.0;
    }

    static Double hours(Double millis) {
        return millis == null ? null : Math.round(millis / 36_000.0) / 100.0;
    }

    /** Counts clocks one by one, for what-if; the same figures as the database's aggregation. */
    static final class Tally {
        private long met;
        private long breached;
        private long running;
        private final List<Long> stoppedMillis = new ArrayList<>();

        void add(ClockState state, boolean stopped, long elapsedMillis) {
            switch (state) {
                case MET -> met++;
                case BREACHED -> breached++;
                case RUNNING, PAUSED -> running++;
                default -> throw new IllegalArgumentException("Unknown clock state " + state);
            }
            if (stopped) {
                stoppedMillis.add(elapsedMillis);
            }
        }

        ClockFigures figures() {
            if (stoppedMillis.isEmpty()) {
                return of(met, breached, running, 0, null, null, null);
            }
            List<Long> sorted = stoppedMillis.stream().sorted().toList();
            double mean = sorted.stream().mapToLong(Long::longValue).average().orElseThrow();
            return of(met, breached, running, sorted.size(), mean, percentile(sorted, 0.5), percentile(sorted, 0.9));
        }

        /** Linear interpolation between the closest ranks, as {@code percentile_cont} does. */
        private static double percentile(List<Long> sorted, double fraction) {
            double position = fraction * (sorted.size() - 1);
            int lower = (int) Math.floor(position);
            int upper = (int) Math.ceil(position);
            return sorted.get(lower) + (position - lower) * (sorted.get(upper) - sorted.get(lower));
        }
    }
}
