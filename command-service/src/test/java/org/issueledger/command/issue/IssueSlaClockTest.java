package org.issueledger.command.issue;

import static org.issueledger.command.issue.Issue.SLA_ACTOR;
import static org.issueledger.command.issue.SlaOnVirtualTime.FR;
import static org.issueledger.command.issue.SlaOnVirtualTime.H1;
import static org.issueledger.command.issue.SlaOnVirtualTime.H4;
import static org.issueledger.command.issue.SlaOnVirtualTime.POLICY;
import static org.issueledger.command.issue.SlaOnVirtualTime.RES;
import static org.issueledger.command.issue.SlaOnVirtualTime.T0;
import static org.issueledger.command.issue.SlaOnVirtualTime.at;

import java.time.Duration;
import java.util.UUID;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.issueledger.events.issue.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SLA clocks on virtual time, with the default policy (24/7; P1 1 h / 4 h, P3 24 h / 72 h; warning at
 * 80 %; escalation level 1 at 80 %, 2 at 100 %, 3 at 200 %).
 */
class IssueSlaClockTest {

    private static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-0000000000a1");

    private FixtureConfiguration<Issue> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Issue.class);
    }

    private static CreateIssue create(Priority priority) {
        return SlaOnVirtualTime.create(ISSUE, priority);
    }

    @Test
    void creationAttachesThePolicyInForceAndStartsBothClocks() {
        fixture.givenCurrentTime(T0)
                .when(create(Priority.P1))
                .expectEvents(
                        new IssueCreated(ISSUE, "Core switch down", null, "network", "switch", Priority.P1, "net", "rita",
                                T0, "rita"),
                        new SlaPolicyAttached(ISSUE, POLICY, T0, SLA_ACTOR),
                        new SlaClockStarted(ISSUE, FR, 1, H1, at(48), at(60), T0, SLA_ACTOR),
                        new SlaClockStarted(ISSUE, RES, 1, H4, at(192), at(240), T0, SLA_ACTOR))
                // one timer, at the earliest threshold (IssueSlaTimerTest)
                .expectScheduledDeadline(at(48), new SlaDeadline(at(48)));
    }

    @Test
    void warningFiresAtEightyPercentAndEscalatesToLevelOne() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1))
                .whenTimeElapses(Duration.ofMinutes(50))
                .expectTriggeredDeadlines(new SlaDeadline(at(48)))
                .expectEvents(
                        new SlaWarningReached(ISSUE, FR, 1, H1, at(60), at(48), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 1, 0, "SLA FIRST_RESPONSE clock at 80% of its target", at(48), SLA_ACTOR));
    }

    @Test
    void breachIsRecordedAtTheDueInstantAndEscalatesToLevelTwo() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1))
                .whenTimeAdvancesTo(at(61))
                .expectEvents(
                        new SlaWarningReached(ISSUE, FR, 1, H1, at(60), at(48), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 1, 0, "SLA FIRST_RESPONSE clock at 80% of its target", at(48), SLA_ACTOR),
                        new SlaBreached(ISSUE, FR, 1, H1, at(60), at(60), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 2, 1, "SLA FIRST_RESPONSE clock at 100% of its target", at(60), SLA_ACTOR));
    }

    @Test
    void firstResponseStopsItsClockInTime() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"))
                .when(new AcknowledgeIssue(ISSUE, at(20), "ana"))
                .expectEvents(new IssueAcknowledged(ISSUE, at(20), "ana"),
                        new SlaClockStopped(ISSUE, FR, 1, H1, Duration.ofMinutes(20), at(60), true, at(20), SLA_ACTOR));
    }

    @Test
    void resolutionClockPausesWhileOnHoldAndResumesWithElapsedTimeCarriedOver() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new AcknowledgeIssue(ISSUE, at(10), "ana"),
                        new PutOnHold(ISSUE, "waiting for vendor", at(60), "ana"))
                .when(new Resume(ISSUE, at(300), "ana"))
                .expectEvents(new IssueResumed(ISSUE, at(300), "ana"),
                        // 1 h of the 4 h used before the hold: warning 2 h 12 min later, due 3 h later
                        new SlaClockResumed(ISSUE, RES, 1, H4, H1, at(300 + 132), at(300 + 180), at(300), SLA_ACTOR));
    }

    @Test
    void holdRecordsThePauseWithItsReasonAndElapsedTime() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new AcknowledgeIssue(ISSUE, at(10), "ana"))
                .when(new PutOnHold(ISSUE, "waiting for vendor", at(60), "ana"))
                .expectEvents(new IssuePutOnHold(ISSUE, "waiting for vendor", at(60), "ana"),
                        new SlaClockPaused(ISSUE, RES, 1, "waiting for vendor", H1, at(240), at(60), SLA_ACTOR));
    }

    @Test
    void noDeadlineFiresWhileTheClockIsPaused() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new AcknowledgeIssue(ISSUE, at(10), "ana"),
                        new PutOnHold(ISSUE, "waiting for vendor", at(60), "ana"))
                .whenTimeAdvancesTo(at(600))
                .expectNoEvents();
    }

    @Test
    void reopenResumesTheResolutionClockWithItsElapsedTime() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(5), "dispatcher"),
                        new AcknowledgeIssue(ISSUE, at(10), "ana"),
                        new Resolve(ISSUE, "FIXED", "Replaced the line card", null, at(120), "ana"),
                        new Close(ISSUE, "DONE", null, at(130), "rita"))
                .when(new Reopen(ISSUE, "down again", at(1_000), "rita"))
                .expectEvents(new IssueReopened(ISSUE, "down again", 1, at(1_000), "rita"),
                        new SlaClockResumed(ISSUE, RES, 1, H4, Duration.ofHours(2), at(1_000 + 72), at(1_000 + 120),
                                at(1_000), SLA_ACTOR));
    }

    @Test
    void priorityChangeSwitchesTheTargetAndKeepsTheElapsedTime() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P3))
                .when(new ChangePriority(ISSUE, Priority.P1, at(30), "rita"))
                .expectEvents(new PriorityChanged(ISSUE, Priority.P1, Priority.P3, at(30), "rita"),
                        // 30 min elapsed of the new 1 h target: warning 18 min later, due 30 min later
                        new SlaClockResumed(ISSUE, FR, 1, H1, Duration.ofMinutes(30), at(48), at(60), at(30), SLA_ACTOR),
                        new SlaClockResumed(ISSUE, RES, 1, H4, Duration.ofMinutes(30), at(192), at(240), at(30), SLA_ACTOR));
    }

    @Test
    void priorityRaisedPastTheNewTargetBreachesAtOnce() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P3))
                .when(new ChangePriority(ISSUE, Priority.P1, at(90), "rita"))
                .expectEvents(new PriorityChanged(ISSUE, Priority.P1, Priority.P3, at(90), "rita"),
                        new SlaClockResumed(ISSUE, FR, 1, H1, Duration.ofMinutes(90), at(90), at(90), at(90), SLA_ACTOR),
                        new SlaClockResumed(ISSUE, RES, 1, H4, Duration.ofMinutes(90), at(192), at(240), at(90), SLA_ACTOR),
                        new SlaWarningReached(ISSUE, FR, 1, H1, at(90), at(90), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 1, 0, "SLA FIRST_RESPONSE clock at 80% of its target", at(90), SLA_ACTOR),
                        new SlaBreached(ISSUE, FR, 1, H1, at(90), at(90), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 2, 1, "SLA FIRST_RESPONSE clock at 100% of its target", at(90), SLA_ACTOR));
    }

    /** Imported history: no timer ran, yet every crossing is recorded at its own instant, in order. */
    @Test
    void commandLateInBusinessTimeFirstRecordsTheThresholdsItsClocksCrossed() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(1), "dispatcher"))
                .when(new Resolve(ISSUE, "FIXED", "Rebooted", null, at(300), "ana"))
                .expectEvents(
                        new SlaWarningReached(ISSUE, FR, 1, H1, at(60), at(48), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 1, 0, "SLA FIRST_RESPONSE clock at 80% of its target", at(48), SLA_ACTOR),
                        new SlaBreached(ISSUE, FR, 1, H1, at(60), at(60), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 2, 1, "SLA FIRST_RESPONSE clock at 100% of its target", at(60), SLA_ACTOR),
                        new IssueEscalated(ISSUE, 3, 2, "SLA FIRST_RESPONSE clock at 200% of its target", at(120), SLA_ACTOR),
                        new SlaWarningReached(ISSUE, RES, 1, H4, at(240), at(192), SLA_ACTOR),
                        new SlaBreached(ISSUE, RES, 1, H4, at(240), at(240), SLA_ACTOR),
                        new IssueResolved(ISSUE, "FIXED", "Rebooted", null, at(300), "ana"),
                        new SlaClockStopped(ISSUE, FR, 1, H1, Duration.ofMinutes(300), at(60), false, at(300), SLA_ACTOR),
                        new SlaClockStopped(ISSUE, RES, 1, H4, Duration.ofMinutes(300), at(240), false, at(300), SLA_ACTOR));
    }

    @Test
    void aLateDeadlineRecordsNothingTwice() {
        fixture.givenCurrentTime(T0)
                .andGivenCommands(create(Priority.P1), new AssignOwner(ISSUE, "ana", at(70), "dispatcher"))
                .whenTimeAdvancesTo(at(75))
                .expectNoEvents();
    }
}
