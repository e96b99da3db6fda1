package org.issueledger.command.assignment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.issueledger.command.assignment.RuleMatcher.Candidate;
import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.assignment.AssignmentRule.OwnerStrategy;
import org.issueledger.events.issue.Priority;
import org.junit.jupiter.api.Test;

class RuleMatcherTest {

    private static final Candidate MAIL_DOWN = new Candidate("Mail server DOWN", "No mail since 8:00 in Berlin",
            "email", "smtp", null, Priority.P2, "monitoring");

    private static AssignmentRule rule(String name, int order, Set<String> categories, Set<String> components,
                                       Set<String> products, Set<Priority> priorities, Set<String> sources,
                                       List<String> keywords) {
        return new AssignmentRule(UUID.nameUUIDFromBytes(name.getBytes()), name, order, true, categories, components,
                products, priorities, sources, keywords, "ops", OwnerStrategy.FIXED, name + "-owner", null);
    }

    private static AssignmentRule catchAll(String name, int order) {
        return rule(name, order, null, null, null, null, null, null);
    }

    @Test
    void theFirstMatchingRuleByOrderWinsWhateverTheListOrder() {
        AssignmentRule second = catchAll("second", 20);
        AssignmentRule first = catchAll("first", 10);
        assertThat(RuleMatcher.firstMatch(List.of(second, first), MAIL_DOWN)).contains(first);
    }

    @Test
    void aDisabledRuleIsSkipped() {
        AssignmentRule disabled = catchAll("first", 10).withEnabled(false);
        AssignmentRule next = catchAll("second", 20);
        assertThat(RuleMatcher.firstMatch(List.of(disabled, next), MAIL_DOWN)).contains(next);
        assertThat(RuleMatcher.firstMatch(List.of(disabled), MAIL_DOWN)).isEmpty();
    }

    @Test
    void categoryMatchesCaseInsensitivelyAndAnyOfItsValues() {
        assertThat(RuleMatcher.matches(rule("c", 0, Set.of("network", "EMAIL"), null, null, null, null, null), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("c", 0, Set.of("network"), null, null, null, null, null), MAIL_DOWN)).isFalse();
    }

    @Test
    void componentMustMatchAndAnIssueWithoutOneDoesNot() {
        assertThat(RuleMatcher.matches(rule("c", 0, null, Set.of("smtp"), null, null, null, null), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("c", 0, null, Set.of("imap"), null, null, null, null), MAIL_DOWN)).isFalse();
        Candidate noComponent = new Candidate("t", null, "email", null, null, Priority.P2, "monitoring");
        assertThat(RuleMatcher.matches(rule("c", 0, null, Set.of("smtp"), null, null, null, null), noComponent)).isFalse();
    }

    @Test
    void aProductCriterionNeverMatchesAnIssueWithoutAProduct() {
        assertThat(RuleMatcher.matches(rule("p", 0, null, null, Set.of("mail-suite"), null, null, null), MAIL_DOWN)).isFalse();
        Candidate withProduct = new Candidate("t", null, "email", "smtp", "Mail-Suite", Priority.P2, "monitoring");
        assertThat(RuleMatcher.matches(rule("p", 0, null, null, Set.of("mail-suite"), null, null, null), withProduct)).isTrue();
    }

    @Test
    void priorityMatchesOneOfTheListed() {
        assertThat(RuleMatcher.matches(rule("p", 0, null, null, null, Set.of(Priority.P1, Priority.P2), null, null), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("p", 0, null, null, null, Set.of(Priority.P1), null, null), MAIL_DOWN)).isFalse();
    }

    @Test
    void sourceSystemMatchesTheCreatingSystem() {
        assertThat(RuleMatcher.matches(rule("s", 0, null, null, null, null, Set.of("Monitoring"), null), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("s", 0, null, null, null, null, Set.of("crm"), null), MAIL_DOWN)).isFalse();
    }

    @Test
    void aKeywordMatchesInTitleOrDescriptionIgnoringCase() {
        assertThat(RuleMatcher.matches(rule("k", 0, null, null, null, null, null, List.of("down")), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("k", 0, null, null, null, null, null, List.of("printer", "berlin")), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("k", 0, null, null, null, null, null, List.of("printer")), MAIL_DOWN)).isFalse();
    }

    @Test
    void everyGivenCriterionMustMatch() {
        assertThat(RuleMatcher.matches(rule("all", 0, Set.of("email"), Set.of("smtp"), null, Set.of(Priority.P2),
                Set.of("monitoring"), List.of("down")), MAIL_DOWN)).isTrue();
        assertThat(RuleMatcher.matches(rule("all", 0, Set.of("email"), Set.of("smtp"), null, Set.of(Priority.P2),
                Set.of("monitoring"), List.of("printer")), MAIL_DOWN)).isFalse();
    }

    @Test
    void roundRobinCyclesThroughTheOwnersInListOrder() {
        AssignmentRule rr = new AssignmentRule(UUID.randomUUID(), "rr", 0, true, null, null, null, null, null, null, "ops",
                OwnerStrategy.ROUND_ROBIN, null, List.of("ana", "bo", "cy"));
        List<String> chosen = new ArrayList<>();
        for (long cursor = 0; cursor < 7; cursor++) {
            chosen.add(RuleMatcher.chooseOwner(rr, Map.of(), cursor));
        }
        assertThat(chosen).containsExactly("ana", "bo", "cy", "ana", "bo", "cy", "ana");
    }

    @Test
    void leastLoadedChoosesTheOwnerWithFewestOpenIssuesFirstListedOnATie() {
        AssignmentRule ll = new AssignmentRule(UUID.randomUUID(), "ll", 0, true, null, null, null, null, null, null, "ops",
                OwnerStrategy.LEAST_LOADED, null, List.of("ana", "bo", "cy"));
        assertThat(RuleMatcher.chooseOwner(ll, Map.of("ana", 3, "bo", 1, "cy", 2), 0)).isEqualTo("bo");
        // cy has no open issue at all: not in the load table
        assertThat(RuleMatcher.chooseOwner(ll, Map.of("ana", 3, "bo", 1), 0)).isEqualTo("cy");
        assertThat(RuleMatcher.chooseOwner(ll, Map.of("ana", 1, "bo", 1, "cy", 1), 0)).isEqualTo("ana");
    }

    @Test
    void fixedAlwaysTakesItsOwnerAndNoneNobody() {
        AssignmentRule fixed = catchAll("fixed", 0);
        assertThat(RuleMatcher.chooseOwner(fixed, Map.of("fixed-owner", 99), 5)).isEqualTo("fixed-owner");
        AssignmentRule teamOnly = new AssignmentRule(UUID.randomUUID(), "team", 0, true, null, null, null, null, null,
                null, "ops", OwnerStrategy.NONE, null, null);
        assertThat(RuleMatcher.chooseOwner(teamOnly, Map.of(), 0)).isNull();
    }
}
