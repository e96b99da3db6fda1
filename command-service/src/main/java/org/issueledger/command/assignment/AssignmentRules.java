package org.issueledger.command.assignment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.assignment.AssignmentRuleDefined;
import org.issueledger.events.assignment.AssignmentRuleRemoved;
import org.springframework.stereotype.Component;

/**
 * The rules as they stand now, in evaluation order, folded from the rule book's events. Re-read only when the
 * book's last sequence moved: one indexed lookup per evaluation, and every instance sees a change at once.
 */
@Component
class AssignmentRules {

    /** Evaluation order: ascending order, then id, so two rules with the same order are still tried in one order. */
    static final Comparator<AssignmentRule> EVALUATION_ORDER =
            Comparator.comparingInt(AssignmentRule::order).thenComparing(AssignmentRule::id);

    private final EventStore eventStore;
    private volatile Cached cached = new Cached(-1, List.of());

    AssignmentRules(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    private record Cached(long lastSequence, List<AssignmentRule> rules) {
    }

    /** Every rule (enabled or not), in evaluation order. */
    List<AssignmentRule> all() {
        Optional<Long> last = eventStore.lastSequenceNumberFor(RuleBook.BOOK);
        Cached current = cached;
        if (last.isPresent() && last.get() != current.lastSequence()) {
            Map<UUID, AssignmentRule> rules = new LinkedHashMap<>();
            DomainEventStream stream = eventStore.readEvents(RuleBook.BOOK);
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                if (message.getPayload() instanceof AssignmentRuleDefined defined) {
                    rules.put(defined.rule().id(), defined.rule());
                } else if (message.getPayload() instanceof AssignmentRuleRemoved removed) {
                    rules.remove(removed.rule().id());
                }
            }
            List<AssignmentRule> ordered = new ArrayList<>(rules.values());
            ordered.sort(EVALUATION_ORDER);
            current = new Cached(last.get(), List.copyOf(ordered));
            cached = current;
        }
        return current.rules();
    }

    Optional<AssignmentRule> byId(UUID id) {
        return all().stream().filter(rule -> rule.id().equals(id)).findFirst();
    }
}
