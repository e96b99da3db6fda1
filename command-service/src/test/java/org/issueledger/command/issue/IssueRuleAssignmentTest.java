package org.issueledger.command.issue;

import static org.issueledger.command.issue.IssueHistories.*;

import java.util.UUID;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.TeamAssigned;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the issue itself says to assignments chosen by auto-assignment rules. */
class IssueRuleAssignmentTest {

    private static final UUID RULE = UUID.fromString("00000000-0000-0000-0000-0000000000a1");
    private static final UUID OTHER_RULE = UUID.fromString("00000000-0000-0000-0000-0000000000b2");

    private FixtureConfiguration<Issue> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Issue.class);
    }

    @Test
    void aRuleAssignmentRecordsTheRuleAndTheSystemActor() {
        fixture.given(created())
                .when(new AssignOwner(ISSUE, "bo", RULE, t(1), Issue.RULES_ACTOR))
                .expectEvents(new OwnerAssigned(ISSUE, "bo", null, 0, t(1), Issue.RULES_ACTOR, RULE));
    }

    @Test
    void aRuleNeverOverridesAPersonsAssignment() {
        fixture.given(created(), assigned("ana", null, 0, 1))
                .when(new AssignOwner(ISSUE, "bo", RULE, t(2), Issue.RULES_ACTOR))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }

    @Test
    void aRuleMayReplaceWhatAnotherRuleChose() {
        fixture.given(created(), new OwnerAssigned(ISSUE, "ana", null, 0, t(1), Issue.RULES_ACTOR, OTHER_RULE))
                .when(new AssignOwner(ISSUE, "bo", RULE, t(2), Issue.RULES_ACTOR))
                .expectEvents(new OwnerAssigned(ISSUE, "bo", "ana", 1, t(2), Issue.RULES_ACTOR, RULE));
    }

    @Test
    void aPersonMayAlwaysReassign() {
        fixture.given(created(), new OwnerAssigned(ISSUE, "ana", null, 0, t(1), Issue.RULES_ACTOR, RULE))
                .when(new AssignOwner(ISSUE, "bo", t(2), "dispatcher"))
                .expectEvents(new OwnerAssigned(ISSUE, "bo", "ana", 1, t(2), "dispatcher", null));
    }

    @Test
    void aTeamChangeRecordsThePreviousTeamAndTheRule() {
        fixture.given(created())
                .when(new AssignTeam(ISSUE, "network", RULE, t(1), Issue.RULES_ACTOR))
                .expectEvents(new TeamAssigned(ISSUE, "network", "ops", RULE, t(1), Issue.RULES_ACTOR));
    }

    @Test
    void theSameTeamAgainIsRefused() {
        fixture.given(created())
                .when(new AssignTeam(ISSUE, "ops", null, t(1), "dispatcher"))
                .expectException(RuleViolated.class)
                .expectNoEvents();
    }
}
