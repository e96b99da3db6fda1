package org.issueledger.command.sla;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.events.sla.SlaPolicyVersionDefined;

/**
 * The versions of one SLA policy, event-sourced like everything else: every change is a new version
 * with its author, its time and the version it replaces. Versions are numbered 1, 2, … in the order
 * they were defined; which one applies to an issue is decided by their effective dates.
 */
@Aggregate
class SlaPolicyBook {

    static final String DEFAULT_BOOK = "sla-policy-default";

    @AggregateIdentifier
    private String id;
    private SlaPolicy latest;

    SlaPolicyBook() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DefineSlaPolicyVersion cmd) {
        SlaPolicy base = latest != null ? latest : SlaPolicy.defaults();
        SlaPolicy next;
        try {
            next = new SlaPolicy(base.id(), latest == null ? 1 : latest.version() + 1,
                    cmd.effectiveFrom() != null ? cmd.effectiveFrom() : cmd.occurredAt(),
                    cmd.targets() != null ? merged(base, cmd) : base.targets(),
                    cmd.warningPercent() != null ? cmd.warningPercent() : base.warningPercent(),
                    cmd.ladder() != null ? cmd.ladder() : base.ladder(),
                    cmd.calendar() != null ? cmd.calendar() : base.calendar());
        } catch (IllegalArgumentException invalid) {
            throw new InvalidPolicy(invalid.getMessage());
        }
        apply(new SlaPolicyVersionDefined(cmd.bookId(), next, latest, cmd.occurredAt(), cmd.actor()));
    }

    private static java.util.Map<org.issueledger.events.issue.Priority, SlaPolicy.Targets> merged(
            SlaPolicy base, DefineSlaPolicyVersion cmd) {
        var targets = new java.util.EnumMap<>(base.targets());
        targets.putAll(cmd.targets());
        return targets;
    }

    @EventSourcingHandler
    void on(SlaPolicyVersionDefined e) {
        id = e.policyId();
        latest = e.policy();
    }
}
