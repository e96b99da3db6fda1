package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.query.sla.LifecycleFact.CANCELLED;
import static org.issueledger.query.sla.LifecycleFact.CREATED;
import static org.issueledger.query.sla.LifecycleFact.FIRST_RESPONSE;
import static org.issueledger.query.sla.LifecycleFact.ON_HOLD;
import static org.issueledger.query.sla.LifecycleFact.PRIORITY_CHANGED;
import static org.issueledger.query.sla.LifecycleFact.REOPENED;
import static org.issueledger.query.sla.LifecycleFact.RESOLVED;
import static org.issueledger.query.sla.LifecycleFact.RESUMED;

import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;

/** What-if's clocks, without a database: the command side's rules, on facts. Default policy unless stated. */
class ClockFoldTest {

    private static final SlaPolicy DEFAULT = SlaPolicy.defaults();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private final List<ClockFold.Fact> facts = new ArrayList<>();

    @Test
    void aResolutionAlsoStopsAFirstResponseClockStillRunning() {
        fact("2024-01-08T09:00", CREATED, Priority.P2);
        fact("2024-01-08T12:00", RESOLVED, null);

        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE MET P2 PT3H stopped", "RESOLUTION MET P2 PT3H stopped");
    }

    @Test
    void theResolutionClockPausesWhileOnHoldAndTheFirstResponseClockDoesNot() {
        fact("2024-01-08T09:00", CREATED, Priority.P2);
        fact("2024-01-08T10:00", ON_HOLD, null);
        fact("2024-01-08T15:00", RESUMED, null);
        fact("2024-01-08T16:00", FIRST_RESPONSE, null);
        fact("2024-01-08T17:00", RESOLVED, null);

        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE BREACHED P2 PT7H stopped", "RESOLUTION MET P2 PT3H stopped");
    }

    @Test
    void aReopenCarriesTheElapsedTimeOver() {
        fact("2024-01-08T09:00", CREATED, Priority.P1);
        fact("2024-01-08T09:10", FIRST_RESPONSE, null);
        fact("2024-01-08T11:00", RESOLVED, null);
        fact("2024-01-09T09:00", REOPENED, null);
        fact("2024-01-09T11:30", RESOLVED, null);

        // 2 h before the reopen + 2.5 h after it: only the carried-over time takes it past the 4 h target.
        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE MET P1 PT10M stopped", "RESOLUTION BREACHED P1 PT4H30M stopped");
    }

    @Test
    void aPriorityChangeRetargetsRunningClocksAndKeepsTheirElapsedTime() {
        fact("2024-01-08T09:00", CREATED, Priority.P3);
        fact("2024-01-08T10:30", PRIORITY_CHANGED, Priority.P1);
        fact("2024-01-08T10:45", FIRST_RESPONSE, null);
        fact("2024-01-08T12:00", PRIORITY_CHANGED, Priority.P4);
        fact("2024-01-08T20:00", RESOLVED, null);

        // first response passed P1's hour at 10:30 and stays breached; resolution ends under P4's 240 h
        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE BREACHED P1 PT1H45M stopped", "RESOLUTION MET P4 PT11H stopped");
    }

    @Test
    void aStricterPriorityDuringAHoldTakesEffectWhenTheClockRunsAgain() {
        fact("2024-01-08T09:00", CREATED, Priority.P3);
        fact("2024-01-08T09:30", FIRST_RESPONSE, null);
        fact("2024-01-08T14:00", ON_HOLD, null);
        fact("2024-01-08T15:00", PRIORITY_CHANGED, Priority.P1);
        fact("2024-01-09T09:00", RESUMED, null);

        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE MET P3 PT30M stopped", "RESOLUTION BREACHED P1 " + "PT" + (5 + hoursUntilNow()) + "H");
    }

    @Test
    void aStopExactlyOnTargetIsMetAsOnTheCommandSide() {
        fact("2024-01-08T09:00", CREATED, Priority.P1);
        fact("2024-01-08T10:00", FIRST_RESPONSE, null);
        fact("2024-01-08T12:59", CANCELLED, null);

        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE MET P1 PT1H stopped", "RESOLUTION MET P1 PT3H59M stopped");
    }

    @Test
    void aCancellationStopsBothClocksForGood() {
        fact("2024-01-08T09:00", CREATED, Priority.P2);
        fact("2024-01-08T10:00", ON_HOLD, null);
        fact("2024-01-08T11:00", CANCELLED, null);
        fact("2024-01-09T11:00", REOPENED, null);

        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE MET P2 PT2H stopped", "RESOLUTION MET P2 PT1H stopped");
    }

    @Test
    void clocksStillRunningAreReadAtAsOf() {
        fact("2029-12-31T22:00", CREATED, Priority.P1);
        fact("2029-12-31T22:30", FIRST_RESPONSE, null);

        assertThat(folded(DEFAULT)).containsExactly(
                "FIRST_RESPONSE MET P1 PT30M stopped", "RESOLUTION RUNNING P1 PT2H");
    }

    /** Office hours 09:00–17:00 Berlin, UTC+1 in January: nights and the weekend do not count. */
    @Test
    void onlyWorkingTimeOfThePolicysCalendarCounts() {
        SlaPolicy office = new SlaPolicy("office", 1, Instant.EPOCH, DEFAULT.targets(), 80, DEFAULT.ladder(),
                BusinessCalendar.officeHours("EU office", "Europe/Berlin", LocalTime.of(9, 0), LocalTime.of(17, 0),
                        null));
        fact("2024-01-12T15:00", CREATED, Priority.P2);        // Friday 16:00 Berlin
        fact("2024-01-15T09:00", FIRST_RESPONSE, null);        // Monday 10:00: 1 h Friday + 1 h Monday
        fact("2024-01-15T14:00", ON_HOLD, null);               // Monday 15:00
        fact("2024-01-16T09:00", RESUMED, null);               // Tuesday 10:00
        fact("2024-01-16T11:00", RESOLVED, null);              // Tuesday 12:00

        assertThat(folded(office)).containsExactly(
                "FIRST_RESPONSE MET P2 PT2H stopped", "RESOLUTION MET P2 PT9H stopped");
    }

    @Test
    void withoutACreationNothingIsMeasured() {
        fact("2024-01-08T10:00", FIRST_RESPONSE, null);

        assertThat(ClockFold.fold(facts, DEFAULT, NOW)).isEmpty();
    }

    private long hoursUntilNow() {
        return java.time.Duration.between(Instant.parse("2024-01-09T09:00:00Z"), NOW).toHours();
    }

    private void fact(String at, LifecycleFact kind, Priority priority) {
        facts.add(new ClockFold.Fact(SlaHistory.at(at), kind, priority));
    }

    private List<String> folded(SlaPolicy policy) {
        Map<ClockKind, ClockFold.Result> results = ClockFold.fold(facts, policy, NOW);
        return results.values().stream()
                .map(r -> r.clock() + " " + r.state() + " " + r.priority() + " " + r.elapsed()
                        + (r.stopped() ? " stopped" : ""))
                .toList();
    }
}
