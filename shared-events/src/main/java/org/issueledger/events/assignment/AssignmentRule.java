package org.issueledger.events.assignment;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.issueledger.events.issue.Priority;

/**
 * One auto-assignment rule as it stands after a change. Rules are tried in ascending {@code order} (then by
 * id, so the order is total); the first enabled rule whose every given criterion matches wins.
 *
 * <p>Criteria — an empty set means "any": {@code categories}, {@code components}, {@code products} (an issue
 * without a product never matches a product criterion), {@code priorities}, {@code sourceSystems} (the
 * {@code sourceSystem} of the creating command), and {@code keywords} (any of them in the title or the
 * description, case-insensitive). Names compare case-insensitively.
 *
 * <p>Action: {@code team} (may be null) and an owner chosen by {@code strategy}: {@code FIXED} = {@code owner};
 * {@code ROUND_ROBIN} / {@code LEAST_LOADED} = one of {@code owners}; {@code NONE} = team only.
 */
public record AssignmentRule(UUID id, String name, int order, boolean enabled,
                             Set<String> categories, Set<String> components, Set<String> products,
                             Set<Priority> priorities, Set<String> sourceSystems, List<String> keywords,
                             String team, OwnerStrategy strategy, String owner, List<String> owners) {

    public enum OwnerStrategy { NONE, FIXED, ROUND_ROBIN, LEAST_LOADED }

    public AssignmentRule {
        categories = categories == null ? Set.of() : Set.copyOf(categories);
        components = components == null ? Set.of() : Set.copyOf(components);
        products = products == null ? Set.of() : Set.copyOf(products);
        priorities = priorities == null ? Set.of() : Set.copyOf(priorities);
        sourceSystems = sourceSystems == null ? Set.of() : Set.copyOf(sourceSystems);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        owners = owners == null ? List.of() : List.copyOf(owners);
        strategy = strategy == null ? OwnerStrategy.NONE : strategy;
    }

    public AssignmentRule withOrder(int newOrder) {
        return new AssignmentRule(id, name, newOrder, enabled, categories, components, products, priorities,
                sourceSystems, keywords, team, strategy, owner, owners);
    }

    public AssignmentRule withEnabled(boolean nowEnabled) {
        return new AssignmentRule(id, name, order, nowEnabled, categories, components, products, priorities,
                sourceSystems, keywords, team, strategy, owner, owners);
    }
}
