package org.issueledger.command.issue;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;
import org.issueledger.events.issue.*;

/**
 * An issue owns every lifecycle rule. Each handler checks, then applies one fact; state changes only
 * in the event-sourcing handlers, so loading from the log and handling a command agree.
 */
@Aggregate
class Issue {

    @AggregateIdentifier
    private UUID id;
    private IssueStatus status;
    private String owner;
    private final Set<String> coHandlers = new LinkedHashSet<>();
    private Priority priority;
    private String category;
    private String component;
    private int escalationLevel;
    private int reassignments;
    private int reopenCount;
    private boolean firstResponded;
    private boolean verified;
    private Instant lastOccurredAt;

    Issue() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Issue(CreateIssue cmd) {
        apply(new IssueCreated(cmd.issueId(), cmd.title(), cmd.description(), cmd.category(), cmd.component(),
                cmd.priority(), cmd.team(), cmd.reporter(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(AssignOwner cmd) {
        check(Verb.ASSIGN, cmd);
        if (cmd.owner().equals(owner)) {
            throw new RuleViolated("Issue " + id + " is already owned by " + owner);
        }
        int count = owner == null ? reassignments : reassignments + 1;
        apply(new OwnerAssigned(id, cmd.owner(), owner, count, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(AddCoHandler cmd) {
        check(Verb.ADD_CO_HANDLER, cmd);
        if (cmd.coHandler().equals(owner)) {
            throw new RuleViolated(cmd.coHandler() + " owns issue " + id + " and cannot also be its co-handler");
        }
        if (coHandlers.contains(cmd.coHandler())) {
            throw new RuleViolated(cmd.coHandler() + " is already a co-handler of issue " + id);
        }
        apply(new CoHandlerAdded(id, cmd.coHandler(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(RemoveCoHandler cmd) {
        check(Verb.REMOVE_CO_HANDLER, cmd);
        if (!coHandlers.contains(cmd.coHandler())) {
            throw new RuleViolated(cmd.coHandler() + " is not a co-handler of issue " + id);
        }
        apply(new CoHandlerRemoved(id, cmd.coHandler(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(AcknowledgeIssue cmd) {
        check(Verb.ACKNOWLEDGE, cmd);
        if (firstResponded) {
            throw new RuleViolated("Issue " + id + " has already had its first response");
        }
        apply(new IssueAcknowledged(id, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(StartWork cmd) {
        check(Verb.START, cmd);
        apply(new WorkStarted(id, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(AddComment cmd) {
        check(Verb.COMMENT, cmd);
        boolean byHandler = cmd.actor().equals(owner) || coHandlers.contains(cmd.actor());
        boolean firstResponse = cmd.publicComment() && byHandler && !firstResponded;
        apply(new CommentAdded(id, cmd.text(), cmd.publicComment(), firstResponse, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(ChangePriority cmd) {
        check(Verb.CHANGE_PRIORITY, cmd);
        if (cmd.priority() == priority) {
            throw new RuleViolated("Issue " + id + " already has priority " + priority);
        }
        apply(new PriorityChanged(id, cmd.priority(), priority, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Reclassify cmd) {
        check(Verb.RECLASSIFY, cmd);
        if (Objects.equals(cmd.category(), category) && Objects.equals(cmd.component(), component)) {
            throw new RuleViolated("Issue " + id + " is already classified as " + category + " / " + component);
        }
        apply(new IssueReclassified(id, cmd.category(), cmd.component(), category, component, cmd.occurredAt(),
                cmd.actor()));
    }

    @CommandHandler
    void handle(PutOnHold cmd) {
        check(Verb.HOLD, cmd);
        apply(new IssuePutOnHold(id, cmd.reason(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Resume cmd) {
        check(Verb.RESUME, cmd);
        apply(new IssueResumed(id, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Escalate cmd) {
        check(Verb.ESCALATE, cmd);
        int level = cmd.level() == null ? escalationLevel + 1 : cmd.level();
        if (level <= escalationLevel) {
            throw new RuleViolated("Issue " + id + " is already at escalation level " + escalationLevel
                    + "; an escalation must raise it");
        }
        apply(new IssueEscalated(id, level, escalationLevel, cmd.reason(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Resolve cmd) {
        check(Verb.RESOLVE, cmd);
        apply(new IssueResolved(id, cmd.resolutionCode(), cmd.solutionSummary(), cmd.knowledgeArticle(),
                cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(VerifyResolution cmd) {
        check(Verb.VERIFY, cmd);
        if (verified) {
            throw new IllegalTransition(id, status, Verb.VERIFY, "the resolution was already accepted");
        }
        if (cmd.accepted()) {
            apply(new ResolutionAccepted(id, cmd.note(), cmd.occurredAt(), cmd.actor()));
        } else {
            apply(new ResolutionRejected(id, cmd.note(), reopenCount + 1, cmd.occurredAt(), cmd.actor()));
        }
    }

    @CommandHandler
    void handle(Close cmd) {
        check(Verb.CLOSE, cmd);
        apply(new IssueClosed(id, cmd.closeCode(), cmd.satisfaction(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Reopen cmd) {
        check(Verb.REOPEN, cmd);
        apply(new IssueReopened(id, cmd.reason(), reopenCount + 1, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Cancel cmd) {
        check(Verb.CANCEL, cmd);
        if (cmd.reason() == CancelReason.DUPLICATE) {
            if (cmd.duplicateOf() == null) {
                throw new RuleViolated("A cancellation as DUPLICATE must name the issue it duplicates (duplicateOf)");
            }
            if (cmd.duplicateOf().equals(id)) {
                throw new RuleViolated("Issue " + id + " cannot be a duplicate of itself");
            }
        } else if (cmd.duplicateOf() != null) {
            throw new RuleViolated("duplicateOf is only allowed when the reason is DUPLICATE");
        }
        apply(new IssueCancelled(id, cmd.reason(), cmd.duplicateOf(), cmd.note(), cmd.occurredAt(), cmd.actor()));
    }

    private void check(Verb verb, IssueCommand cmd) {
        if (!verb.allowedIn(status)) {
            throw new IllegalTransition(id, status, verb);
        }
        if (cmd.occurredAt().isBefore(lastOccurredAt)) {
            throw new OccurredAtOutOfOrder(id, cmd.occurredAt(), lastOccurredAt);
        }
    }

    @EventSourcingHandler
    void on(IssueCreated e) {
        lastOccurredAt = e.occurredAt();
        id = e.issueId();
        status = IssueStatus.OPEN;
        priority = e.priority();
        category = e.category();
        component = e.component();
    }

    @EventSourcingHandler
    void on(OwnerAssigned e) {
        lastOccurredAt = e.occurredAt();
        owner = e.owner();
        reassignments = e.reassignments();
        coHandlers.remove(e.owner());
        if (status == IssueStatus.OPEN) {
            status = IssueStatus.ASSIGNED;
        }
    }

    @EventSourcingHandler
    void on(CoHandlerAdded e) {
        lastOccurredAt = e.occurredAt();
        coHandlers.add(e.coHandler());
    }

    @EventSourcingHandler
    void on(CoHandlerRemoved e) {
        lastOccurredAt = e.occurredAt();
        coHandlers.remove(e.coHandler());
    }

    @EventSourcingHandler
    void on(IssueAcknowledged e) {
        lastOccurredAt = e.occurredAt();
        firstResponded = true;
    }

    @EventSourcingHandler
    void on(WorkStarted e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.IN_PROGRESS;
    }

    @EventSourcingHandler
    void on(CommentAdded e) {
        lastOccurredAt = e.occurredAt();
        firstResponded |= e.firstResponse();
    }

    @EventSourcingHandler
    void on(PriorityChanged e) {
        lastOccurredAt = e.occurredAt();
        priority = e.priority();
    }

    @EventSourcingHandler
    void on(IssueReclassified e) {
        lastOccurredAt = e.occurredAt();
        category = e.category();
        component = e.component();
    }

    @EventSourcingHandler
    void on(IssuePutOnHold e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.ON_HOLD;
    }

    @EventSourcingHandler
    void on(IssueResumed e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.IN_PROGRESS;
    }

    @EventSourcingHandler
    void on(IssueEscalated e) {
        lastOccurredAt = e.occurredAt();
        escalationLevel = e.level();
    }

    @EventSourcingHandler
    void on(IssueResolved e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.RESOLVED;
        verified = false;
    }

    @EventSourcingHandler
    void on(ResolutionAccepted e) {
        lastOccurredAt = e.occurredAt();
        verified = true;
    }

    @EventSourcingHandler
    void on(ResolutionRejected e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.IN_PROGRESS;
        reopenCount = e.reopenCount();
    }

    @EventSourcingHandler
    void on(IssueClosed e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.CLOSED;
    }

    @EventSourcingHandler
    void on(IssueReopened e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.IN_PROGRESS;
        reopenCount = e.reopenCount();
        verified = false;
    }

    @EventSourcingHandler
    void on(IssueCancelled e) {
        lastOccurredAt = e.occurredAt();
        status = IssueStatus.CANCELLED;
    }
}
