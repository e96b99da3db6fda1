package org.issueledger.query.sla;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.query.consuming.Freshness;

/**
 * {@code GET /api/sla/what-if}: the clocks that started in {@code [from, to)} as they were measured ({@code actual})
 * and as they would have come out under {@code policy} ({@code whatIf}), side by side.
 *
 * @param asOf where clocks still running are read in the recomputation
 */
record WhatIfReport(SlaPolicy policy, Instant from, Instant to, List<String> groupBy, String team, Instant asOf,
                    Row total, List<Row> rows, Freshness freshness) {

    /**
     * @param firstResponseDelta what-if minus actual compliance, in percentage points (null if either is null)
     * @param resolutionDelta    the same for the resolution clock
     */
    record Row(Map<String, String> group, Figures actual, Figures whatIf, Double firstResponseDelta,
               Double resolutionDelta) {

        static Row of(Map<String, String> group, Figures actual, Figures whatIf) {
            return new Row(group, actual, whatIf,
                    delta(actual.firstResponse(), whatIf.firstResponse()),
                    delta(actual.resolution(), whatIf.resolution()));
        }

        private static Double delta(ClockFigures actual, ClockFigures whatIf) {
            if (actual.compliancePercent() == null || whatIf.compliancePercent() == null) {
                return null;
            }
            return Math.round((whatIf.compliancePercent() - actual.compliancePercent()) * 100.0) / 100.0;
        }
    }
}
