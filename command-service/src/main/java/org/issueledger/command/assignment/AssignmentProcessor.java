package org.issueledger.command.assignment;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;

import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.messaging.Message;
import org.issueledger.command.assignment.AssignmentTables.IssueRow;
import org.issueledger.command.config.ProcessorBatches;
import org.issueledger.command.idempotency.IdempotentCommands;
import org.issueledger.command.idempotency.KeyReused;
import org.issueledger.command.issue.IssueCommands;
import org.issueledger.command.web.CommandContext;
import org.issueledger.events.EventEnvelope;
import org.issueledger.events.assignment.AssignmentRule;
import org.issueledger.events.assignment.AssignmentRule.OwnerStrategy;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.TeamAssigned;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

/**
 * Applies the auto-assignment rules to new and reclassified issues: a tracking processor of its own
 * ({@value #PROCESSING_GROUP}, token in PostgreSQL) that reads the event store in order, keeps its tables
 * (see {@link AssignmentTables}) and sends what the first matching rule decides as ordinary commands, actor
 * {@value #ACTOR}, the rule's id in the event.
 *
 * <p>The commands go through {@link IdempotentCommands} with a key derived from the triggering event, on a thread
 * of their own (outside the processor's unit of work and transaction, so that a refusal cannot poison the batch):
 * if the processor fails after a command was accepted, the redelivered event sends the same key again and nothing
 * is appended twice. A refusal (a person assigned the issue first, it was cancelled meanwhile …) is an answer,
 * logged, and the processor moves on.
 *
 * <p>A batch of events (one unit of work, one transaction with the token) reads and writes its tables once
 * ({@link AssignmentBatch}); each event still sees the tables as every event before it left them, the batch's own
 * included. A command is sent while its event is handled, before the batch commits, and the tables take its owner
 * or team only once it was accepted: sent after the commit instead, a crash between the two would lose it for good
 * (the token has moved on), and a refused one would have been counted in a load.
 *
 * <p>Events stored before this processor first ran arrive as a replay (Axon's default initial token): they build
 * the tables (owner load) but assign nothing. Imported history is never assigned either.
 */
@Component
@ProcessingGroup(AssignmentProcessor.PROCESSING_GROUP)
class AssignmentProcessor {

    static final String PROCESSING_GROUP = "assignment-rules";
    static final String ACTOR = "system:rules";
    /** Metadata an imported command leaves on its events (see the imports package). */
    private static final String IMPORTED_FROM = "importedFrom";

    private static final Logger log = LoggerFactory.getLogger(AssignmentProcessor.class);

    private final AssignmentTables tables;
    private final AssignmentRules rules;
    private final IdempotentCommands commands;
    private final DeadlineManager deadlines;
    private final AssignmentSettings settings;
    private final ExecutorService sender;
    private final Clock clock;

    AssignmentProcessor(AssignmentTables tables, AssignmentRules rules, IdempotentCommands commands,
                        DeadlineManager deadlines, AssignmentSettings settings,
                        @Qualifier("assignmentCommandSender") ExecutorService sender, Clock clock) {
        this.tables = tables;
        this.rules = rules;
        this.commands = commands;
        this.deadlines = deadlines;
        this.settings = settings;
        this.sender = sender;
        this.clock = clock;
    }

    @EventHandler
    void on(IssueCreated e, EventMessage<?> message, ReplayStatus replay) {
        AssignmentBatch batch = batch();
        boolean imported = message.getMetaData().containsKey(IMPORTED_FROM);
        Object source = message.getMetaData().get(EventEnvelope.META_SOURCE_SYSTEM);
        batch.created(e, source == null ? null : source.toString(), imported);
        if (imported || replay.isReplay()) {
            return;
        }
        IssueRow row = batch.issue(e.issueId()).orElseThrow();
        boolean owned = evaluate(batch, row, message, e.occurredAt());
        if (!owned && settings.escalatesUnassigned()) {
            // Written in this transaction (the scheduler shares the processor's connection): the timer exists
            // exactly when the processor has passed the creation.
            IssueCommands.scheduleUnassignedCheck(deadlines, e.issueId(),
                    e.occurredAt().plus(settings.unassignedEscalateAfter()), settings.unassignedEscalateAfter());
        }
    }

    @EventHandler
    void on(IssueReclassified e, EventMessage<?> message, ReplayStatus replay) {
        AssignmentBatch batch = batch();
        batch.reclassified(e.issueId(), e.category(), e.component());
        if (replay.isReplay()) {
            return;
        }
        batch.issue(e.issueId()).filter(row -> row.open() && !row.imported())
                .ifPresent(row -> evaluate(batch, row, message, e.occurredAt()));
    }

    @EventHandler
    void on(OwnerAssigned e) {
        batch().owner(e.issueId(), e.owner(), e.ruleId());
    }

    @EventHandler
    void on(TeamAssigned e) {
        batch().team(e.issueId(), e.team());
    }

    @EventHandler
    void on(PriorityChanged e) {
        batch().priority(e.issueId(), e.priority());
    }

    // Opening and closing need only the issue: its id is the event's aggregate, so the payload is never read.

    @EventHandler(payloadType = IssueResolved.class)
    void resolved(DomainEventMessage<?> message) {
        batch().open(issueOf(message), false);
    }

    @EventHandler(payloadType = IssueCancelled.class)
    void cancelled(DomainEventMessage<?> message) {
        batch().open(issueOf(message), false);
    }

    @EventHandler(payloadType = IssueReopened.class)
    void reopened(DomainEventMessage<?> message) {
        batch().open(issueOf(message), true);
    }

    @EventHandler(payloadType = ResolutionRejected.class)
    void rejected(DomainEventMessage<?> message) {
        batch().open(issueOf(message), true);
    }

    /**
     * The processor's batch (one unit of work, one transaction with the token): made at its first event with the
     * rows of every issue in it, written when it commits.
     */
    private AssignmentBatch batch() {
        return ProcessorBatches.current(AssignmentBatch.class,
                messages -> new AssignmentBatch(tables, issuesOf(messages)), AssignmentBatch::write);
    }

    /** The issues of the batch's events, from their aggregate ids: no payload is read for it. */
    private static Set<UUID> issuesOf(List<? extends Message<?>> messages) {
        Set<UUID> issues = new LinkedHashSet<>();
        for (Message<?> message : messages) {
            if (message instanceof DomainEventMessage<?> event
                    && IssueEvent.class.isAssignableFrom(message.getPayloadType())) {
                issues.add(issueOf(event));
            }
        }
        return issues;
    }

    /** An issue's events are the Issue aggregate's: its identifier is the issue id. */
    private static UUID issueOf(DomainEventMessage<?> message) {
        return UUID.fromString(message.getAggregateIdentifier());
    }

    /**
     * Applies the first matching rule. An owner chosen by a person is never replaced; one chosen by the same rule
     * is kept (a reclassification that lands on the same rule does not deal the issue out again).
     *
     * @return whether the issue has an owner afterwards
     */
    private boolean evaluate(AssignmentBatch batch, IssueRow row, EventMessage<?> cause, Instant causeAt) {
        Optional<AssignmentRule> match = RuleMatcher.firstMatch(rules.all(), row.candidate());
        if (match.isEmpty()) {
            return row.owner() != null;
        }
        AssignmentRule rule = match.get();
        // Time is the edge's clock, as for any command — never before the event that caused it.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Instant at = now.isBefore(causeAt) ? causeAt : now;
        CommandContext context = new CommandContext(ACTOR, correlationOf(cause), "rules", null);
        if (rule.team() != null && !rule.team().equals(row.team())) {
            if (send(IssueCommands.assignTeam(row.issueId(), rule.team(), rule.id(), at, ACTOR), row.issueId(),
                    context, "rules:" + cause.getIdentifier() + ":team", "rule " + rule.id() + " team " + rule.team())) {
                batch.team(row.issueId(), rule.team());
            }
        }
        if (rule.strategy() == OwnerStrategy.NONE) {
            return row.owner() != null;
        }
        if (row.owner() != null && (row.ownerRuleId() == null || row.ownerRuleId().equals(rule.id()))) {
            return true;
        }
        long cursor = rule.strategy() == OwnerStrategy.ROUND_ROBIN ? tables.nextCursor(rule.id()) : 0;
        String owner = RuleMatcher.chooseOwner(rule, batch.openIssues(rule.owners()), cursor);
        if (owner.equals(row.owner())) {
            return true;
        }
        if (send(IssueCommands.assignByRule(row.issueId(), owner, rule.id(), at, ACTOR), row.issueId(), context,
                "rules:" + cause.getIdentifier() + ":owner", "rule " + rule.id() + " owner " + owner)) {
            batch.owner(row.issueId(), owner, rule.id());
            return true;
        }
        return row.owner() != null;
    }

    /** @return whether the command was accepted (now or by an earlier delivery of the same event) */
    private boolean send(Object command, UUID issueId, CommandContext context, String key, String request) {
        CompletableFuture<IdempotentCommands.Outcome> sent = CompletableFuture.supplyAsync(
                () -> commands.send(command, issueId, context.asMetadata(), key, request), sender);
        try {
            sent.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while sending " + request, e);
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (IssueCommands.isRefusal(failure)) {
                log.info("Rule assignment refused for issue {} ({}): {}", issueId, request, failure.getMessage());
                return false;
            }
            if (failure instanceof KeyReused) {
                // An earlier delivery of this event chose differently and was accepted; its event will follow.
                log.info("Rule assignment for issue {} was already made by an earlier delivery ({})", issueId, key);
                return false;
            }
            // Anything else is a fault of the machinery: fail the batch, the processor retries it.
            throw failure instanceof RuntimeException runtime ? runtime : new IllegalStateException(failure);
        }
    }

    private static String correlationOf(EventMessage<?> cause) {
        Object correlation = cause.getMetaData().get(EventEnvelope.META_CORRELATION_ID);
        return correlation != null ? correlation.toString() : cause.getIdentifier();
    }
}
