package org.issueledger.command.issue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.issue.IssueHistories.*;

import java.util.Arrays;
import java.util.stream.Stream;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.issueledger.events.issue.*;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IssueLifecycleTest {

    private FixtureConfiguration<Issue> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Issue.class);
    }

    static Stream<Arguments> legalTransitions() {
        return Arrays.stream(Verb.values()).flatMap(verb -> verb.allowedFrom().stream()
                .map(status -> Arguments.of(verb, status)));
    }

    static Stream<Arguments> illegalTransitions() {
        return Arrays.stream(Verb.values()).flatMap(verb -> Arrays.stream(IssueStatus.values())
                .filter(status -> !verb.allowedIn(status))
                .map(status -> Arguments.of(verb, status)));
    }

    @Test
    void theTableCoversEveryPairOfVerbAndState() {
        long pairs = legalTransitions().count() + illegalTransitions().count();
        assertThat(pairs).isEqualTo((long) Verb.values().length * IssueStatus.values().length);
        assertThat(illegalTransitions().count()).isGreaterThan(50);
    }

    @Test
    void cancelledIsFinalAndClosedCanOnlyBeReopened() {
        for (Verb verb : Verb.values()) {
            assertThat(verb.allowedIn(IssueStatus.CANCELLED)).as(verb + " on CANCELLED").isFalse();
            assertThat(verb.allowedIn(IssueStatus.CLOSED)).as(verb + " on CLOSED").isEqualTo(verb == Verb.REOPEN);
        }
    }

    @Test
    void creatingAnIssueRecordsEverythingTheReporterSaid() {
        fixture.givenNoPriorActivity()
                .when(new CreateIssue(ISSUE, "Mail server down", "No mail since 8:00", "email", "smtp", Priority.P3,
                        "ops", "rita", null, t(0), "rita"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(created());
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("legalTransitions")
    void everyLegalTransitionAppendsItsEvent(Verb verb, IssueStatus status) {
        fixture.given(historyFor(status))
                .when(commandFor(verb))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(org.axonframework.test.matchers.Matchers.payloadsMatching(
                        org.axonframework.test.matchers.Matchers.exactSequenceOf(
                                org.hamcrest.Matchers.instanceOf(eventFor(verb)),
                                org.axonframework.test.matchers.Matchers.andNoMore())));
    }

    @ParameterizedTest(name = "{0} from {1}")
    @MethodSource("illegalTransitions")
    void everyIllegalTransitionIsRefusedAndAppendsNothing(Verb verb, IssueStatus status) {
        fixture.given(historyFor(status))
                .when(commandFor(verb))
                .expectException(IllegalTransition.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("is " + status + ": cannot " + verb.label()))
                .expectNoEvents();
    }

    @Test
    void reassignmentIsCountedAndKeepsThePreviousOwner() {
        fixture.given(created(), assigned("ana", null, 0, 1))
                .when(new AssignOwner(ISSUE, "bo", t(2), "dispatcher"))
                .expectEvents(new OwnerAssigned(ISSUE, "bo", "ana", 1, t(2), "dispatcher"));
    }

    @Test
    void firstAssignmentIsNotAReassignment() {
        fixture.given(created())
                .when(new AssignOwner(ISSUE, "ana", t(1), "dispatcher"))
                .expectEvents(new OwnerAssigned(ISSUE, "ana", null, 0, t(1), "dispatcher"));
    }

    @Test
    void assigningTheCurrentOwnerAgainIsRefused() {
        fixture.given(created(), assigned("ana", null, 0, 1))
                .when(new AssignOwner(ISSUE, "ana", t(2), "dispatcher"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void commandWhoseBusinessTimeGoesBackwardsIsRefused() {
        fixture.given(created(), assigned("ana", null, 0, 10))
                .when(new StartWork(ISSUE, t(5), "ana"))
                .expectException(OccurredAtOutOfOrder.class)
                .expectNoEvents();
    }

    @Test
    void commandAtTheSameInstantAsTheLastEventIsAccepted() {
        fixture.given(created(), assigned("ana", null, 0, 10))
                .when(new StartWork(ISSUE, t(10), "ana"))
                .expectEvents(new WorkStarted(ISSUE, t(10), "ana"));
    }

    @Test
    void rejectedVerificationSendsTheIssueBackAndCountsAsReopen() {
        fixture.given(historyFor(IssueStatus.RESOLVED))
                .when(new VerifyResolution(ISSUE, false, "still broken", t(10), "rita"))
                .expectEvents(new ResolutionRejected(ISSUE, "still broken", 1, t(10), "rita"));
    }

    @Test
    void reopenAfterARejectedVerificationCountsTwice() {
        fixture.given(historyFor(IssueStatus.RESOLVED))
                .andGiven(new ResolutionRejected(ISSUE, "still broken", 1, t(10), "rita"),
                        new IssueResolved(ISSUE, "FIXED", "Replaced the disk", null, t(20), OWNER))
                .when(new Reopen(ISSUE, "broke again", t(30), "rita"))
                .expectEvents(new IssueReopened(ISSUE, "broke again", 2, t(30), "rita"));
    }

    @Test
    void anAcceptedResolutionCannotBeVerifiedAgain() {
        fixture.given(historyFor(IssueStatus.RESOLVED))
                .andGiven(new ResolutionAccepted(ISSUE, "ok", t(10), "rita"))
                .when(new VerifyResolution(ISSUE, false, "changed my mind", t(11), "rita"))
                .expectException(IllegalTransition.class)
                .expectNoEvents();
    }

    @Test
    void reopenedClosedIssueGoesBackToWork() {
        fixture.given(historyFor(IssueStatus.CLOSED))
                .when(new Reopen(ISSUE, "broke again", t(10), "rita"))
                .expectEvents(new IssueReopened(ISSUE, "broke again", 1, t(10), "rita"))
                .expectState(issue -> assertThat(Verb.RESOLVE.allowedIn(IssueStatus.IN_PROGRESS)).isTrue());
        fixture.given(historyFor(IssueStatus.CLOSED))
                .andGiven(new IssueReopened(ISSUE, "broke again", 1, t(10), "rita"))
                .when(new Resolve(ISSUE, "FIXED", "Second fix", null, t(11), OWNER))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void ownerCannotAlsoBeCoHandler() {
        fixture.given(created(), assigned("ana", null, 0, 1))
                .when(new AddCoHandler(ISSUE, "ana", t(2), "dispatcher"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void coHandlerCannotBeAddedTwice() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .when(new AddCoHandler(ISSUE, CO_HANDLER, t(10), "dispatcher"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void removingSomeoneWhoIsNotACoHandlerIsRefused() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .when(new RemoveCoHandler(ISSUE, "zed", t(10), "dispatcher"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void coHandlerWhoBecomesOwnerIsNoLongerCoHandler() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .andGiven(assigned(CO_HANDLER, OWNER, 1, 10))
                .when(new RemoveCoHandler(ISSUE, CO_HANDLER, t(11), "dispatcher"))
                .expectException(RuleViolated.class);
    }

    @Test
    void publicCommentByOwnerIsTheFirstResponse() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .when(new AddComment(ISSUE, "On it", true, t(10), OWNER))
                .expectEvents(new CommentAdded(ISSUE, "On it", true, true, t(10), OWNER));
    }

    @Test
    void publicCommentByCoHandlerIsTheFirstResponse() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .when(new AddComment(ISSUE, "On it", true, t(10), CO_HANDLER))
                .expectEvents(new CommentAdded(ISSUE, "On it", true, true, t(10), CO_HANDLER));
    }

    @Test
    void internalCommentOrCommentByOthersIsNoResponse() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .when(new AddComment(ISSUE, "note to self", false, t(10), OWNER))
                .expectEvents(new CommentAdded(ISSUE, "note to self", false, false, t(10), OWNER));
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .when(new AddComment(ISSUE, "any news?", true, t(10), "rita"))
                .expectEvents(new CommentAdded(ISSUE, "any news?", true, false, t(10), "rita"));
    }

    @Test
    void onlyTheFirstResponseCounts() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .andGiven(new IssueAcknowledged(ISSUE, t(10), OWNER))
                .when(new AddComment(ISSUE, "update", true, t(11), OWNER))
                .expectEvents(new CommentAdded(ISSUE, "update", true, false, t(11), OWNER));
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .andGiven(new CommentAdded(ISSUE, "On it", true, true, t(10), OWNER))
                .when(new AcknowledgeIssue(ISSUE, t(11), OWNER))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void escalationWithoutLevelRaisesByOne() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .andGiven(new IssueEscalated(ISSUE, 1, 0, "slow", t(10), "rita"))
                .when(new Escalate(ISSUE, null, "still slow", t(11), "rita"))
                .expectEvents(new IssueEscalated(ISSUE, 2, 1, "still slow", t(11), "rita"));
    }

    @Test
    void escalationMustRaiseTheLevel() {
        fixture.given(historyFor(IssueStatus.ASSIGNED))
                .andGiven(new IssueEscalated(ISSUE, 2, 0, "slow", t(10), "rita"))
                .when(new Escalate(ISSUE, 2, "again", t(11), "rita"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void cancellingAsDuplicateNamesTheOriginal() {
        fixture.given(created())
                .when(new Cancel(ISSUE, CancelReason.DUPLICATE, null, null, t(1), "rita"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
        var original = java.util.UUID.randomUUID();
        fixture.given(created())
                .when(new Cancel(ISSUE, CancelReason.DUPLICATE, original, null, t(1), "rita"))
                .expectEvents(new IssueCancelled(ISSUE, CancelReason.DUPLICATE, original, null, t(1), "rita"));
    }

    @Test
    void sameCategoryAndComponentIsNoReclassification() {
        fixture.given(created())
                .when(new Reclassify(ISSUE, "email", "smtp", t(1), "rita"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }
}
