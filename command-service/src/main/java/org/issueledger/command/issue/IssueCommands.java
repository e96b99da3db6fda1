package org.issueledger.command.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.axonframework.deadline.DeadlineManager;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.SlaPolicy;

/**
 * The commands, for an edge outside this package (the bulk importer) that must send exactly what the
 * REST edge sends. The records stay package-private so that nothing else can depend on their shape;
 * each method returns the command as the Axon payload to dispatch.
 */
public final class IssueCommands {

    /**
     * Metadata key an importer may set on a command: the business time of the issue's next command it is
     * about to send. Thresholds before that instant will be recorded by that command's own catch-up, so
     * the aggregate schedules no SLA deadline for them (they would be past and fire for nothing).
     */
    public static final String NEXT_COMMAND_AT = "nextCommandAt";

    private IssueCommands() {
    }

    /**
     * Whether a failure is the aggregate's answer (an illegal transition, a violated rule, time going
     * backwards, an unknown or already existing issue) rather than a fault of the machinery.
     */
    public static boolean isRefusal(Throwable failure) {
        return failure instanceof CommandRefused || failure instanceof AggregateNotFoundException
                || failure instanceof AggregateStreamCreationException;
    }

    /**
     * One command of an imported case (any command of this class), with what its events carry (the correlation data
     * the command bus would give them were it sent alone) and its {@link #NEXT_COMMAND_AT}.
     */
    public record Step(Object command, Map<String, ?> eventMetadata, String nextCommandAt) {
    }

    /**
     * A source case's planned commands as one command: the aggregate handles them in one invocation, in order,
     * each by the handler it has on its own, so every step passes the same rules and applies the same events with
     * the same metadata; what the steps share is the dispatch (command bus, interceptors, unit of work, handler
     * lookup, loading the issue). A refused step refuses the whole command ({@link #refusedStep} says which).
     *
     * @param steps for one issue; a {@link #create} first makes the issue, otherwise it must exist
     */
    public static Object importCase(UUID issueId, List<Step> steps) {
        List<ImportStep> planned = new ArrayList<>(steps.size());
        for (Step step : steps) {
            if (!(step.command() instanceof IssueCommand command) || !command.issueId().equals(issueId)) {
                throw new IllegalArgumentException("not a command of issue " + issueId + ": " + step.command());
            }
            planned.add(new ImportStep(command, MetaData.from(step.eventMetadata()), step.nextCommandAt()));
        }
        return !planned.isEmpty() && planned.get(0).command() instanceof CreateIssue
                ? new ImportNewCase(issueId, planned) : new ImportCaseSteps(issueId, planned);
    }

    /**
     * The index of the refused step when {@code failure} is a step of {@link #importCase} refused by the aggregate
     * (its message is the refusal's), else -1. A refusal of the whole case before any step (an issue that does not
     * exist) is the refusal {@link #isRefusal} knows, as for a command of its own.
     */
    public static int refusedStep(Throwable failure) {
        return failure instanceof StepRefused refused ? refused.step : -1;
    }

    public static Object create(UUID issueId, String title, String description, String category, String component,
                                Priority priority, String team, String reporter, SlaPolicy slaPolicy,
                                Instant occurredAt, String actor) {
        return new CreateIssue(issueId, title, description, category, component, priority, team, reporter, slaPolicy,
                occurredAt, actor);
    }

    public static Object assign(UUID issueId, String owner, Instant occurredAt, String actor) {
        return new AssignOwner(issueId, owner, occurredAt, actor);
    }

    /** An assignment chosen by an auto-assignment rule: the rule's id goes into the event. */
    public static Object assignByRule(UUID issueId, String owner, UUID ruleId, Instant occurredAt, String actor) {
        return new AssignOwner(issueId, owner, ruleId, occurredAt, actor);
    }

    public static Object assignTeam(UUID issueId, String team, UUID ruleId, Instant occurredAt, String actor) {
        return new AssignTeam(issueId, team, ruleId, occurredAt, actor);
    }

    /**
     * Asks the issue, at {@code at}, whether it still has no owner; if so it escalates itself (actor
     * {@code system:rules}). On the persistent DeadlineManager, so a restart loses no such timer. Call from inside
     * a unit of work: the timer is written in its transaction.
     */
    public static void scheduleUnassignedCheck(DeadlineManager deadlines, UUID issueId, Instant at, Duration age) {
        deadlines.schedule(at, UnassignedDeadline.NAME, new UnassignedDeadline(at, age),
                new AggregateScopeDescriptor(Issue.class.getSimpleName(), issueId));
    }

    public static Object start(UUID issueId, Instant occurredAt, String actor) {
        return new StartWork(issueId, occurredAt, actor);
    }

    public static Object changePriority(UUID issueId, Priority priority, Instant occurredAt, String actor) {
        return new ChangePriority(issueId, priority, occurredAt, actor);
    }

    public static Object reclassify(UUID issueId, String category, String component, Instant occurredAt, String actor) {
        return new Reclassify(issueId, category, component, occurredAt, actor);
    }

    public static Object hold(UUID issueId, String reason, Instant occurredAt, String actor) {
        return new PutOnHold(issueId, reason, occurredAt, actor);
    }

    public static Object resume(UUID issueId, Instant occurredAt, String actor) {
        return new Resume(issueId, occurredAt, actor);
    }

    public static Object escalate(UUID issueId, Integer level, String reason, Instant occurredAt, String actor) {
        return new Escalate(issueId, level, reason, occurredAt, actor);
    }

    public static Object resolve(UUID issueId, String resolutionCode, String solutionSummary, String knowledgeArticle,
                                 Instant occurredAt, String actor) {
        return new Resolve(issueId, resolutionCode, solutionSummary, knowledgeArticle, occurredAt, actor);
    }

    public static Object close(UUID issueId, String closeCode, Integer satisfaction, Instant occurredAt, String actor) {
        return new Close(issueId, closeCode, satisfaction, occurredAt, actor);
    }

    public static Object reopen(UUID issueId, String reason, Instant occurredAt, String actor) {
        return new Reopen(issueId, reason, occurredAt, actor);
    }

    public static Object cancel(UUID issueId, CancelReason reason, String note, Instant occurredAt, String actor) {
        return new Cancel(issueId, reason, null, note, occurredAt, actor);
    }
}
