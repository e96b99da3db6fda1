package org.issueledger.command.assignment;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.assignment.AssignmentRuleDefined;
import org.issueledger.events.assignment.AssignmentRuleRemoved;

/**
 * The auto-assignment rules, event-sourced like the SLA policy: every change is an event with its author, its
 * time, and the rule as it stood before, so "who changed what, when" is the log itself. One book holds every
 * rule because their order is a property of the whole.
 */
@Aggregate
class RuleBook {

    static final String BOOK = "assignment-rules";
    /** Gap between orders given by default, so a rule can be put between two others without renumbering. */
    static final int ORDER_STEP = 10;

    @AggregateIdentifier
    private String id;
    private final Map<UUID, AssignmentRule> rules = new LinkedHashMap<>();

    RuleBook() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DefineRule cmd) {
        AssignmentRule previous = rules.get(cmd.rule().id());
        if (cmd.mustExist() && previous == null) {
            throw InvalidRule.unknown(cmd.rule().id());
        }
        if (!cmd.mustExist() && previous != null) {
            throw InvalidRule.because("An assignment rule with id " + cmd.rule().id() + " already exists");
        }
        int order = cmd.order() != null ? cmd.order()
                : previous != null ? previous.order()
                : rules.values().stream().mapToInt(AssignmentRule::order).max().orElse(0) + ORDER_STEP;
        AssignmentRule rule = cmd.rule().withOrder(order);
        validate(rule);
        if (rule.equals(previous)) {
            return; // nothing changes: nothing to record
        }
        apply(new AssignmentRuleDefined(cmd.bookId(), rule, previous, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(SetRuleEnabled cmd) {
        AssignmentRule rule = known(cmd.ruleId());
        if (rule.enabled() != cmd.enabled()) {
            apply(new AssignmentRuleDefined(id, rule.withEnabled(cmd.enabled()), rule, cmd.occurredAt(), cmd.actor()));
        }
    }

    @CommandHandler
    void handle(RemoveRule cmd) {
        apply(new AssignmentRuleRemoved(id, known(cmd.ruleId()), cmd.occurredAt(), cmd.actor()));
    }

    private AssignmentRule known(UUID ruleId) {
        AssignmentRule rule = rules.get(ruleId);
        if (rule == null) {
            throw InvalidRule.unknown(ruleId);
        }
        return rule;
    }

    private static void validate(AssignmentRule rule) {
        if (rule.name() == null || rule.name().isBlank()) {
            throw InvalidRule.because("A rule needs a name");
        }
        if (rule.order() < 0) {
            throw InvalidRule.because("order must be 0 or more");
        }
        boolean hasOwner = switch (rule.strategy()) {
            case NONE -> {
                if (rule.owner() != null || !rule.owners().isEmpty()) {
                    throw InvalidRule.because("strategy NONE assigns no owner: leave owner and owners out");
                }
                yield false;
            }
            case FIXED -> {
                if (blank(rule.owner()) || !rule.owners().isEmpty()) {
                    throw InvalidRule.because("strategy FIXED needs exactly one owner (owner), not a list");
                }
                yield true;
            }
            case ROUND_ROBIN, LEAST_LOADED -> {
                if (rule.owner() != null || rule.owners().isEmpty() || rule.owners().stream().anyMatch(RuleBook::blank)) {
                    throw InvalidRule.because("strategy " + rule.strategy() + " needs a list of owners (owners)");
                }
                if (rule.owners().stream().distinct().count() != rule.owners().size()) {
                    throw InvalidRule.because("owners lists an owner twice");
                }
                yield true;
            }
        };
        if (!hasOwner && blank(rule.team())) {
            throw InvalidRule.because("A rule must assign a team, an owner, or both");
        }
        if (rule.keywords().stream().anyMatch(RuleBook::blank)) {
            throw InvalidRule.because("keywords must not be blank");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @EventSourcingHandler
    void on(AssignmentRuleDefined e) {
        id = e.bookId();
        rules.put(e.rule().id(), e.rule());
    }

    @EventSourcingHandler
    void on(AssignmentRuleRemoved e) {
        rules.remove(e.rule().id());
    }
}
