package org.issueledger.command.issue;

import static org.hamcrest.Matchers.anything;
import static org.issueledger.command.issue.Issue.SLA_ACTOR;
import static org.issueledger.command.issue.SlaOnVirtualTime.FR;
import static org.issueledger.command.issue.SlaOnVirtualTime.H1;
import static org.issueledger.command.issue.SlaOnVirtualTime.H4;
import static org.issueledger.command.issue.SlaOnVirtualTime.POLICY;
import static org.issueledger.command.issue.SlaOnVirtualTime.RES;
import static org.issueledger.command.issue.SlaOnVirtualTime.T0;
import static org.issueledger.command.issue.SlaOnVirtualTime.at;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.axonframework.test.aggregate.ResultValidator;
import org.issueledger.events.issue.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One SLA timer per issue, at the earliest threshold still to record of its running clocks; the timer records what
 * it finds crossed and sets the next. Default policy (24/7; P1 1 h / 4 h, P3 24 h / 72 h; warning at 80 %;
 * escalation level 1 at 80 %, 2 at 100 %, 3 at 200 %), on virtual time.
 */
class IssueSlaTimerTest {

    private static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    private FixtureConfiguration<Issue> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Issue.class);
    }

    private static CreateIssue create(Priority priority) {
        return SlaOnVirtualTime.create(ISSUE, priority);
    }

    /** The issue's only pending SLA timer is the one at {@code at}. */
    private static void onlyTimerAt(ResultValidator<Issue> result, Instant at) {
        result.expectScheduledDeadline(at, new SlaDeadline(at))
                .expectNoScheduledDeadlineMatching(T0.minus(Duration.ofDays(365)), at.minusMillis(1), anything())
                .expectNoScheduledDeadlineMatching(at.plusMillis(1), T0.plus(Duration.ofDays(365)), anything());
    }

    @Test
    void aNewIssueHasOneTimerAtTheFirstThresholdOfEitherClock() {
        // first response: warning at 48 min, breach at 60, level 3 at 120; resolution: 192, 240, 480
        onlyTimerAt(fixture.givenCurrentTime(T0).when(create(Priority.P1)).expectSuccessfulHandlerExecution(), at(48));
    }

    @Test
    void theTimerRecordsWhatItFindsCrossedAndMovesToTheNextThreshold() {
        ResultValidator<Issue> result = fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1))
                .whenTimeAdvancesTo(at(50))
                .expectTriggeredDeadlines(new SlaDeadline(at(48)))
                .expectEvents(
                        new SlaWarningReached(ISSUE, FR, 1, H1, at(60), at(48), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 1, 0, "SLA FIRST_RESPONSE clock at 80% of its target", at(48), SLA_ACTOR));
        onlyTimerAt(result, at(60));
    }

    @Test
    void timersFireInTurnUntilEveryThresholdOfBothClocksIsRecorded() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1))
                .whenTimeAdvancesTo(at(600))
                .expectTriggeredDeadlines(new SlaDeadline(at(48)), new SlaDeadline(at(60)), new SlaDeadline(at(120)),
                        new SlaDeadline(at(192)), new SlaDeadline(at(240)))
                .expectEvents(
                        new SlaWarningReached(ISSUE, FR, 1, H1, at(60), at(48), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 1, 0, "SLA FIRST_RESPONSE clock at 80% of its target", at(48), SLA_ACTOR),
                        new SlaBreached(ISSUE, FR, 1, H1, at(60), at(60), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 2, 1, "SLA FIRST_RESPONSE clock at 100% of its target", at(60), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 3, 2, "SLA FIRST_RESPONSE clock at 200% of its target", at(120), SLA_ACTOR),
                        // level 3 is reached: the resolution clock's 200 % step is not pending any more
                        new SlaWarningReached(ISSUE, RES, 1, H4, at(240), at(192), SLA_ACTOR),
                        new SlaBreached(ISSUE, RES, 1, H4, at(240), at(240), SLA_ACTOR))
                .expectNoScheduledDeadlines();
    }

    @Test
    void aHoldKeepsTheTimerWhileTheFirstResponseClockStillComesFirst() {
        onlyTimerAt(fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new StartWork(ISSUE, at(6), "ana"))
                .when(new PutOnHold(ISSUE, "waiting for vendor", at(10), "ana"))
                .expectSuccessfulHandlerExecution(), at(48));
    }

    @Test
    void anIssueWithNoClockRunningHasNoTimer() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new AcknowledgeIssue(ISSUE, at(10), "ana"))
                .when(new PutOnHold(ISSUE, "waiting for vendor", at(20), "ana"))
                .expectSuccessfulHandlerExecution()
                .expectNoScheduledDeadlines();
    }

    @Test
    void theFirstResponseMovesTheTimerToTheResolutionClocksWarning() {
        onlyTimerAt(fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"))
                .when(new AcknowledgeIssue(ISSUE, at(10), "ana"))
                .expectSuccessfulHandlerExecution(), at(192));
    }

    @Test
    void aResumeSetsTheTimerFromTheElapsedTimeCarriedOver() {
        // 1 h of the 4 h used before the hold: the warning comes 2 h 12 min after the resume
        onlyTimerAt(fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new AcknowledgeIssue(ISSUE, at(10), "ana"),
                        new PutOnHold(ISSUE, "waiting for vendor", at(60), "ana"))
                .when(new Resume(ISSUE, at(300), "ana"))
                .expectSuccessfulHandlerExecution(), at(300 + 132));
    }

    @Test
    void aPriorityChangeMovesTheTimerToTheNewTargetsThreshold() {
        // P3: first warning at 19 h 12 min; raised to P1 after 30 min, the 1 h target's warning is at 48 min
        onlyTimerAt(fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P3))
                .when(new ChangePriority(ISSUE, Priority.P1, at(30), "rita"))
                .expectSuccessfulHandlerExecution(), at(48));
    }

    @Test
    void aResolutionLeavesNoTimer() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"))
                .when(new Resolve(ISSUE, "FIXED", "Rebooted", null, at(30), "ana"))
                .expectSuccessfulHandlerExecution()
                .expectNoScheduledDeadlines();
    }

    /**
     * A command after a threshold's instant records it itself and, changing no clock, leaves the timer where it was:
     * the timer, now early, records nothing and moves itself to the next threshold.
     */
    @Test
    void aTimerLeftBehindByACommandRecordsNothingAndMovesToTheNextThreshold() {
        ResultValidator<Issue> result = fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(70), "dispatcher"))
                .whenTimeAdvancesTo(at(75))
                .expectTriggeredDeadlines(new SlaDeadline(at(48)))
                .expectNoEvents();
        onlyTimerAt(result, at(120));
    }
}
