package org.issueledger.command.assignment;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.assignment.AssignmentRule.OwnerStrategy;
import org.issueledger.events.assignment.AssignmentRuleDefined;
import org.issueledger.events.assignment.AssignmentRuleRemoved;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RuleBookTest {

    private static final String BOOK = RuleBook.BOOK;
    private static final Instant T0 = Instant.parse("2026-04-01T10:00:00Z");
    private static final UUID MAIL = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    private static final UUID NETWORK = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    private FixtureConfiguration<RuleBook> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(RuleBook.class);
    }

    static AssignmentRule mailRule(int order) {
        return new AssignmentRule(MAIL, "mail to ops", order, true, Set.of("email"), null, null, null, null, null,
                "ops", OwnerStrategy.ROUND_ROBIN, null, List.of("ana", "bo"));
    }

    static AssignmentRule networkRule(int order) {
        return new AssignmentRule(NETWORK, "network", order, true, Set.of("network"), null, null, null, null, null,
                "net", OwnerStrategy.FIXED, "cy", null);
    }

    @Test
    void aNewRuleWithoutOrderGoesAfterTheLastAndRecordsWhoDefinedIt() {
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"))
                .when(new DefineRule(BOOK, networkRule(0), null, false, T0.plusSeconds(60), "ben"))
                .expectEvents(new AssignmentRuleDefined(BOOK, networkRule(20), null, T0.plusSeconds(60), "ben"));
    }

    @Test
    void aChangeRecordsTheRuleAsItStoodBefore() {
        AssignmentRule before = mailRule(10);
        AssignmentRule after = new AssignmentRule(MAIL, "mail to ops", 5, true, Set.of("email", "calendar"), null, null,
                null, null, null, "ops", OwnerStrategy.LEAST_LOADED, null, List.of("ana", "bo", "cy"));
        fixture.given(new AssignmentRuleDefined(BOOK, before, null, T0, "ada"))
                .when(new DefineRule(BOOK, after, 5, true, T0.plusSeconds(60), "ben"))
                .expectEvents(new AssignmentRuleDefined(BOOK, after, before, T0.plusSeconds(60), "ben"));
    }

    @Test
    void replacingKeepsTheRulesPlaceWhenNoOrderIsGiven() {
        AssignmentRule renamed = new AssignmentRule(MAIL, "all mail", 0, true, Set.of("email"), null, null, null, null,
                null, "ops", OwnerStrategy.ROUND_ROBIN, null, List.of("ana", "bo"));
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(30), null, T0, "ada"))
                .when(new DefineRule(BOOK, renamed, null, true, T0, "ada"))
                .expectEvents(new AssignmentRuleDefined(BOOK, renamed.withOrder(30), mailRule(30), T0, "ada"));
    }

    @Test
    void disablingIsAChangeWithItsAuthorAndEnablingAgainToo() {
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"))
                .when(new SetRuleEnabled(BOOK, MAIL, false, T0.plusSeconds(5), "ben"))
                .expectEvents(new AssignmentRuleDefined(BOOK, mailRule(10).withEnabled(false), mailRule(10),
                        T0.plusSeconds(5), "ben"));
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"),
                        new AssignmentRuleDefined(BOOK, mailRule(10).withEnabled(false), mailRule(10), T0, "ben"))
                .when(new SetRuleEnabled(BOOK, MAIL, true, T0.plusSeconds(9), "cy"))
                .expectEvents(new AssignmentRuleDefined(BOOK, mailRule(10), mailRule(10).withEnabled(false),
                        T0.plusSeconds(9), "cy"));
    }

    @Test
    void removingRecordsTheRuleAsItWas() {
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"))
                .when(new RemoveRule(BOOK, MAIL, T0.plusSeconds(5), "ben"))
                .expectEvents(new AssignmentRuleRemoved(BOOK, mailRule(10), T0.plusSeconds(5), "ben"));
    }

    @Test
    void aRemovedRuleIsUnknown() {
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"),
                        new AssignmentRuleRemoved(BOOK, mailRule(10), T0, "ben"))
                .when(new SetRuleEnabled(BOOK, MAIL, false, T0, "ben"))
                .expectException(InvalidRule.class)
                .expectNoEvents();
    }

    @Test
    void aRuleMustAssignSomething() {
        AssignmentRule nothing = new AssignmentRule(MAIL, "nothing", 0, true, Set.of("email"), null, null, null, null,
                null, null, OwnerStrategy.NONE, null, null);
        fixture.givenNoPriorActivity()
                .when(new DefineRule(BOOK, nothing, null, false, T0, "ada"))
                .expectException(InvalidRule.class)
                .expectNoEvents();
    }

    @Test
    void roundRobinNeedsAListOfOwnersAndFixedExactlyOne() {
        AssignmentRule emptyRoundRobin = new AssignmentRule(MAIL, "rr", 0, true, null, null, null, null, null, null, "ops",
                OwnerStrategy.ROUND_ROBIN, null, List.of());
        fixture.givenNoPriorActivity()
                .when(new DefineRule(BOOK, emptyRoundRobin, null, false, T0, "ada"))
                .expectException(InvalidRule.class);
        AssignmentRule fixedWithoutOwner = new AssignmentRule(MAIL, "fixed", 0, true, null, null, null, null, null, null,
                "ops", OwnerStrategy.FIXED, null, null);
        fixture.givenNoPriorActivity()
                .when(new DefineRule(BOOK, fixedWithoutOwner, null, false, T0, "ada"))
                .expectException(InvalidRule.class);
    }

    @Test
    void anIdCannotBeCreatedTwiceNorAnUnknownOneReplaced() {
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"))
                .when(new DefineRule(BOOK, mailRule(10), null, false, T0, "ada"))
                .expectException(InvalidRule.class);
        fixture.given(new AssignmentRuleDefined(BOOK, mailRule(10), null, T0, "ada"))
                .when(new DefineRule(BOOK, networkRule(10), null, true, T0, "ada"))
                .expectException(InvalidRule.class);
    }
}
