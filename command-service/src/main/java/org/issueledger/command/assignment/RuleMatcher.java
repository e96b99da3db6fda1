package org.issueledger.command.assignment;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.issue.Priority;

/**
 * Which rule applies to an issue, and which owner it picks. Pure functions of their arguments: the load and the
 * round-robin cursor come from the processor's tables, so the same inputs always give the same answer.
 */
final class RuleMatcher {

    private RuleMatcher() {
    }

    /** What rules look at. {@code product} is null while issues carry none: a product criterion then never matches. */
    record Candidate(String title, String description, String category, String component, String product,
                     Priority priority, String sourceSystem) {
    }

    /** The first enabled rule, in evaluation order, whose every given criterion matches. */
    static Optional<AssignmentRule> firstMatch(List<AssignmentRule> rules, Candidate issue) {
        return rules.stream()
                .sorted(AssignmentRules.EVALUATION_ORDER)
                .filter(AssignmentRule::enabled)
                .filter(rule -> matches(rule, issue))
                .findFirst();
    }

    static boolean matches(AssignmentRule rule, Candidate issue) {
        return anyName(rule.categories(), issue.category())
                && anyName(rule.components(), issue.component())
                && anyName(rule.products(), issue.product())
                && (rule.priorities().isEmpty() || rule.priorities().contains(issue.priority()))
                && anyName(rule.sourceSystems(), issue.sourceSystem())
                && anyKeyword(rule.keywords(), issue.title(), issue.description());
    }

    /**
     * The owner a rule picks. ROUND_ROBIN takes {@code owners[cursor mod n]} (the caller advances the cursor);
     * LEAST_LOADED the owner with the fewest open issues, the first listed on a tie. Null for NONE.
     */
    static String chooseOwner(AssignmentRule rule, Map<String, Integer> openIssues, long cursor) {
        return switch (rule.strategy()) {
            case NONE -> null;
            case FIXED -> rule.owner();
            case ROUND_ROBIN -> rule.owners().get((int) Math.floorMod(cursor, (long) rule.owners().size()));
            case LEAST_LOADED -> {
                String best = null;
                int fewest = Integer.MAX_VALUE;
                for (String owner : rule.owners()) {
                    int load = openIssues.getOrDefault(owner, 0);
                    if (load < fewest) {
                        best = owner;
                        fewest = load;
                    }
                }
                yield best;
            }
        };
    }

    private static boolean anyName(Set<String> wanted, String actual) {
        if (wanted.isEmpty()) {
            return true;
        }
        return actual != null && wanted.stream().anyMatch(name -> name.equalsIgnoreCase(actual.strip()));
    }

    private static boolean anyKeyword(Collection<String> keywords, String title, String description) {
        if (keywords.isEmpty()) {
            return true;
        }
        String text = ((title == null ? "" : title) + "\n" + (description == null ? "" : description))
                .toLowerCase(Locale.ROOT);
        return keywords.stream().anyMatch(keyword -> text.contains(keyword.strip().toLowerCase(Locale.ROOT)));
    }
}
