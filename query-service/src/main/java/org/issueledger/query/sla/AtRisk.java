package org.issueledger.query.sla;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/**
 * {@code GET /api/sla/at-risk}: running clocks past their warning instant, soonest due first.
 *
 * @param asOf the instant the warnings were compared with and elapsed times read at
 */
record AtRisk(Instant asOf, String team, int limit, List<Clock> clocks, Freshness freshness) implements TabularAnswer {

    /**
     * @param state   RUNNING, or BREACHED for a clock that is past its target and still running
     * @param overdue the due instant has passed
     */
    record Clock(UUID issueId, ClockKind clock, ClockState state, String team, String category, String priority,
                 int policyVersion, String target, Instant warningAt, Instant dueAt, String businessTimeElapsed,
                 boolean overdue) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("issueId", "clock", "state", "team", "category", "priority", "policyVersion", "target",
                "warningAt", "dueAt", "businessTimeElapsed", "overdue");
    }

    @Override
    public List<List<Object>> csvRecords() {
        return clocks.stream()
                .map(c -> Arrays.<Object>asList(c.issueId(), c.clock(), c.state(), c.team(), c.category(),
                        c.priority(), c.policyVersion(), c.target(), c.warningAt(), c.dueAt(),
                        c.businessTimeElapsed(), c.overdue()))
                .toList();
    }
}
