package org.issueledger.command.issue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ApplyMore;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.issueledger.events.issue.*;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;

/**
 * An issue owns every lifecycle rule. Each handler checks, then applies its fact; state changes only
 * in the event-sourcing handlers, so loading from the log and handling a command agree.
 *
 * <p>SLA: when a policy snapshot is attached at creation, the issue runs a first-response and a
 * resolution clock. Before any command at business time T, every threshold (warning, breach, ladder
 * step) the running clocks crossed before T is recorded first, at the instant it was crossed — so
 * imported history is measured correctly whatever the timers did. Persistent deadlines only wake an
 * idle issue to do the same catch-up; a late or stale one is harmless.
 */
@Aggregate(commandTargetResolver = "issueCommandTarget", repository = "issueRepository")
class Issue {

    @AggregateIdentifier
    private UUID id;
    private IssueStatus status;
    private String owner;
    /** The rule that chose the current owner; null when a person did (rules never override a person). */
    private UUID ownerRuleId;
    private String team;
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
    private SlaPolicy slaPolicy;
    private final Map<ClockKind, SlaClock> clocks = new EnumMap<>(ClockKind.class);
    /**
     * Not the issue's state but this instance's: whether it knows which SLA timer the issue has, and then
     * {@link #slaTimerAt}, that timer's instant (null: none). An issue has at most one SLA timer, at its next pending
     * threshold ({@link #reschedule}); a command that leaves that instant as it was writes nothing. Known from
     * creating the issue on (no timer can exist before), and after every rescheduling; an instance replayed from the
     * store does not know (timers left from before one timer per issue, or set by another instance, may exist) and
     * cancels the issue's timers before it schedules. An instance is kept (for a whole import batch, and by
     * {@link CachedIssueRepository} across commands) only while the store holds nothing newer for the issue than that
     * instance saw, and dropped with a unit of work that rolls back: no other instance rescheduled in between.
     */
    private transient boolean slaTimerKnown;
    private transient Instant slaTimerAt;
    /**
     * Not state either: while an imported case's step is handled, what its events carry (see {@link ImportStep});
     * null otherwise, when events carry what the unit of work's correlation data give them.
     */
    private transient MetaData stepMetadata;
    /**
     * Not state either: true while an importer's announced next command ({@link IssueCommands#NEXT_COMMAND_AT}) has
     * put off scheduling this issue's deadlines and nothing has scheduled them since. The command that announces
     * none schedules them then, whichever it is: one that changes no clock (a start of work, an assignment, an
     * escalation) would otherwise leave the issue's running clocks without any timer, their breaches never
     * recorded. The importer keeps an issue's instance for its whole batch, and ends every issue's commands in a
     * batch with one that announces none.
     */
    private transient boolean deadlinesDeferred;

    static final String SLA_ACTOR = "system:sla";
    static final String RULES_ACTOR = "system:rules";

    Issue() {
        // for Axon: rebuilt from events
    }

    @CommandHandler
    Issue(CreateIssue cmd, DeadlineManager deadlines, @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        create(cmd, deadlines, nextCommandAt);
    }

    /**
     * An imported case whose first step creates the issue: Axon makes an empty instance (no history to read) and
     * this runs the steps on it; events apply at once here, where in the constructor they wait for it to return.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    void handle(ImportNewCase cmd, DeadlineManager deadlines) {
        handleSteps(cmd.steps(), deadlines);
    }

    @CommandHandler
    void handle(ImportCaseSteps cmd, DeadlineManager deadlines) {
        handleSteps(cmd.steps(), deadlines);
    }

    /**
     * Each step by the handler its command has on its own, with its own metadata on its events: the same checks,
     * the same SLA catch-up, the same events. The first refusal ends the case; the unit of work rolls back what
     * the steps before it applied, and the importer sends those again without it.
     */
    private void handleSteps(List<ImportStep> steps, DeadlineManager deadlines) {
        for (int n = 0; n < steps.size(); n++) {
            ImportStep step = steps.get(n);
            stepMetadata = step.eventMetadata();
            try {
                handleStep(step.command(), deadlines, step.nextCommandAt());
            } catch (RuntimeException e) {
                if (IssueCommands.isRefusal(e)) {
                    throw new StepRefused(n, e);
                }
                throw e;
            } finally {
                stepMetadata = null;
            }
        }
        if (!steps.isEmpty() && steps.get(steps.size() - 1).nextCommandAt() == null) {
            scheduleDeferred(deadlines);
        }
    }

    /**
     * After a command of its own that announces no next one: the deadlines it or an earlier command of the batch
     * put off are scheduled now (see {@link #deadlinesDeferred}). A case's steps do this in {@link #handleSteps},
     * after their last step.
     */
    @CommandHandlerInterceptor
    Object scheduleDeferredAfter(CommandMessage<?> command, InterceptorChain chain, DeadlineManager deadlines)
            throws Exception {
        Object result = chain.proceed();
        if (!(command.getPayload() instanceof ImportCaseSteps || command.getPayload() instanceof ImportNewCase)
                && command.getMetaData().get(IssueCommands.NEXT_COMMAND_AT) == null) {
            scheduleDeferred(deadlines);
        }
        return result;
    }

    private void scheduleDeferred(DeadlineManager deadlines) {
        if (deadlinesDeferred) {
            reschedule(deadlines, null);
        }
    }

    private void handleStep(IssueCommand command, DeadlineManager deadlines, String nextCommandAt) {
        if (command instanceof CreateIssue cmd) {
            if (id != null) {
                // What the store's unique key answers a second CreateIssue for the same id.
                throw new AggregateStreamCreationException("Issue " + id + " already exists");
            }
            create(cmd, deadlines, nextCommandAt);
        } else if (command instanceof AssignOwner cmd) {
            handle(cmd);
        } else if (command instanceof AssignTeam cmd) {
            handle(cmd);
        } else if (command instanceof AddCoHandler cmd) {
            handle(cmd);
        } else if (command instanceof RemoveCoHandler cmd) {
            handle(cmd);
        } else if (command instanceof AcknowledgeIssue cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof StartWork cmd) {
            handle(cmd);
        } else if (command instanceof AddComment cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof ChangePriority cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof Reclassify cmd) {
            handle(cmd);
        } else if (command instanceof PutOnHold cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof Resume cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof Escalate cmd) {
            handle(cmd);
        } else if (command instanceof Resolve cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof VerifyResolution cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof Close cmd) {
            handle(cmd);
        } else if (command instanceof Reopen cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else if (command instanceof Cancel cmd) {
            handle(cmd, deadlines, nextCommandAt);
        } else {
            throw new IllegalArgumentException("no handler for " + command);
        }
    }

    private void create(CreateIssue cmd, DeadlineManager deadlines, String nextCommandAt) {
        slaTimerKnown = true;
        slaTimerAt = null;
        apply(new IssueCreated(cmd.issueId(), cmd.title(), cmd.description(), cmd.category(), cmd.component(),
                cmd.priority(), cmd.team(), cmd.reporter(), cmd.occurredAt(), cmd.actor()));
        SlaPolicy policy = cmd.slaPolicy();
        if (policy == null) {
            return;
        }
        // Computed from the command, not from state: in a constructor Axon applies events after it returns.
        Instant at = cmd.occurredAt();
        BusinessCalendar calendar = policy.calendar();
        apply(new SlaPolicyAttached(cmd.issueId(), policy, at, SLA_ACTOR));
        ApplyMore applied = null;
        for (ClockKind kind : ClockKind.values()) {
            Duration target = policy.target(kind, cmd.priority());
            applied = apply(new SlaClockStarted(cmd.issueId(), kind, policy.version(), target,
                    SlaClock.reachedAt(at, Duration.ZERO, SlaClock.share(target, policy.warningPercent()), calendar),
                    SlaClock.reachedAt(at, Duration.ZERO, target, calendar), at, SLA_ACTOR));
        }
        // Deadlines need the aggregate's identity and clocks, which exist once the events are applied.
        applied.andThen(() -> reschedule(deadlines, nextCommandAt));
    }

    /**
     * The issue's SLA timer (or one left from before one timer per issue): records what its running clocks crossed up
     * to the timer's instant, then sets the timer for the next threshold. A timer older than the issue's last event
     * records nothing (that event's command recorded everything before it) but still makes sure of the next timer:
     * the command may have left the timer to move itself.
     */
    @DeadlineHandler(deadlineName = SlaDeadline.NAME)
    void on(SlaDeadline deadline, DeadlineManager deadlines) {
        Instant at = deadline.at();
        if (slaTimerKnown && at.equals(slaTimerAt)) {
            // This very timer: db-scheduler removes it once this returns; its key is left, which the rescheduling's
            // cancel removes (a cancel leaves a timer being executed to db-scheduler).
            slaTimerKnown = false;
        }
        if (at.isBefore(lastOccurredAt)) {
            reschedule(deadlines, null, lastOccurredAt, true);
            return;
        }
        // The deadline is for this very instant: a threshold falling on it is crossed now.
        catchUp(at, true);
        reschedule(deadlines, null, at, false);
    }

    /**
     * An issue still without an owner at the configured age after its creation is escalated one level by the
     * rules. Whether it still is unassigned is decided here, on the issue's own state: a stale deadline for an
     * issue that got an owner, or moved on, does nothing.
     */
    @DeadlineHandler(deadlineName = UnassignedDeadline.NAME)
    void on(UnassignedDeadline deadline, DeadlineManager deadlines) {
        if (status != IssueStatus.OPEN || owner != null) {
            return;
        }
        // Never before the issue's last event: business time does not go backwards within an issue.
        Instant at = deadline.at().isBefore(lastOccurredAt) ? lastOccurredAt : deadline.at();
        catchUp(at, true);
        apply(new IssueEscalated(id, escalationLevel + 1, escalationLevel,
                "No owner " + deadline.age() + " after creation", at, RULES_ACTOR));
        reschedule(deadlines, null);
    }

    @CommandHandler
    void handle(AssignOwner cmd) {
        check(Verb.ASSIGN, cmd);
        if (cmd.owner().equals(owner)) {
            throw new RuleViolated("Issue " + id + " is already owned by " + owner);
        }
        if (cmd.ruleId() != null && owner != null && ownerRuleId == null) {
            throw new RuleViolated("Issue " + id + " was assigned to " + owner
                    + " by a person; an assignment rule does not override that");
        }
        int count = owner == null ? reassignments : reassignments + 1;
        apply(new OwnerAssigned(id, cmd.owner(), owner, count, cmd.occurredAt(), cmd.actor(), cmd.ruleId()));
    }

    @CommandHandler
    void handle(AssignTeam cmd) {
        check(Verb.ASSIGN_TEAM, cmd);
        if (cmd.team().equals(team)) {
            throw new RuleViolated("Issue " + id + " is already with team " + team);
        }
        apply(new TeamAssigned(id, cmd.team(), team, cmd.ruleId(), cmd.occurredAt(), cmd.actor()));
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
    void handle(AcknowledgeIssue cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.ACKNOWLEDGE, cmd);
        if (firstResponded) {
            throw new RuleViolated("Issue " + id + " has already had its first response");
        }
        apply(new IssueAcknowledged(id, cmd.occurredAt(), cmd.actor()));
        stopClock(ClockKind.FIRST_RESPONSE, cmd.occurredAt());
        reschedule(deadlines, nextCommandAt);
    }

    @CommandHandler
    void handle(StartWork cmd) {
        check(Verb.START, cmd);
        apply(new WorkStarted(id, cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(AddComment cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.COMMENT, cmd);
        boolean byHandler = cmd.actor().equals(owner) || coHandlers.contains(cmd.actor());
        boolean firstResponse = cmd.publicComment() && byHandler && !firstResponded;
        apply(new CommentAdded(id, cmd.text(), cmd.publicComment(), firstResponse, cmd.occurredAt(), cmd.actor()));
        if (firstResponse) {
            stopClock(ClockKind.FIRST_RESPONSE, cmd.occurredAt());
            reschedule(deadlines, nextCommandAt);
        }
    }

    @CommandHandler
    void handle(ChangePriority cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.CHANGE_PRIORITY, cmd);
        if (cmd.priority() == priority) {
            throw new RuleViolated("Issue " + id + " already has priority " + priority);
        }
        apply(new PriorityChanged(id, cmd.priority(), priority, cmd.occurredAt(), cmd.actor()));
        // Running clocks switch to the new priority's target and keep their elapsed time; a paused or
        // stopped clock picks the new target up when it runs again.
        for (SlaClock clock : List.copyOf(clocks.values())) {
            if (clock.state == SlaClock.State.RUNNING) {
                runClock(clock.kind, cmd.occurredAt());
            }
        }
        catchUp(cmd.occurredAt(), true);
        reschedule(deadlines, nextCommandAt);
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
    void handle(PutOnHold cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.HOLD, cmd);
        apply(new IssuePutOnHold(id, cmd.reason(), cmd.occurredAt(), cmd.actor()));
        pauseClock(ClockKind.RESOLUTION, cmd.reason(), cmd.occurredAt());
        reschedule(deadlines, nextCommandAt);
    }

    @CommandHandler
    void handle(Resume cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.RESUME, cmd);
        apply(new IssueResumed(id, cmd.occurredAt(), cmd.actor()));
        resumeStoppedOrPaused(SlaClock.State.PAUSED, cmd.occurredAt());
        reschedule(deadlines, nextCommandAt);
    }

    private void resumeStoppedOrPaused(SlaClock.State from, Instant at) {
        SlaClock clock = clocks.get(ClockKind.RESOLUTION);
        if (clock != null && clock.state == from) {
            runClock(ClockKind.RESOLUTION, at);
            catchUp(at, true);
        }
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
    void handle(Resolve cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.RESOLVE, cmd);
        apply(new IssueResolved(id, cmd.resolutionCode(), cmd.solutionSummary(), cmd.knowledgeArticle(),
                cmd.occurredAt(), cmd.actor()));
        // A resolution also answers the reporter: it ends a first-response clock still running.
        stopClock(ClockKind.FIRST_RESPONSE, cmd.occurredAt());
        stopClock(ClockKind.RESOLUTION, cmd.occurredAt());
        reschedule(deadlines, nextCommandAt);
    }

    @CommandHandler
    void handle(VerifyResolution cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.VERIFY, cmd);
        if (verified) {
            throw new IllegalTransition(id, status, Verb.VERIFY, "the resolution was already accepted");
        }
        if (cmd.accepted()) {
            apply(new ResolutionAccepted(id, cmd.note(), cmd.occurredAt(), cmd.actor()));
        } else {
            apply(new ResolutionRejected(id, cmd.note(), reopenCount + 1, cmd.occurredAt(), cmd.actor()));
            resumeStoppedOrPaused(SlaClock.State.STOPPED, cmd.occurredAt());
            reschedule(deadlines, nextCommandAt);
        }
    }

    @CommandHandler
    void handle(Close cmd) {
        check(Verb.CLOSE, cmd);
        apply(new IssueClosed(id, cmd.closeCode(), cmd.satisfaction(), cmd.occurredAt(), cmd.actor()));
    }

    @CommandHandler
    void handle(Reopen cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
        check(Verb.REOPEN, cmd);
        apply(new IssueReopened(id, cmd.reason(), reopenCount + 1, cmd.occurredAt(), cmd.actor()));
        resumeStoppedOrPaused(SlaClock.State.STOPPED, cmd.occurredAt());
        reschedule(deadlines, nextCommandAt);
    }

    @CommandHandler
    void handle(Cancel cmd, DeadlineManager deadlines,
                @MetaDataValue(IssueCommands.NEXT_COMMAND_AT) String nextCommandAt) {
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
        stopClock(ClockKind.FIRST_RESPONSE, cmd.occurredAt());
        stopClock(ClockKind.RESOLUTION, cmd.occurredAt());
        reschedule(deadlines, nextCommandAt);
    }

    /** Every event goes through here: an imported step's with that step's metadata. */
    private ApplyMore apply(Object event) {
        return AggregateLifecycle.apply(event, stepMetadata == null ? MetaData.emptyInstance() : stepMetadata);
    }

    private void check(Verb verb, IssueCommand cmd) {
        if (!verb.allowedIn(status)) {
            throw new IllegalTransition(id, status, verb);
        }
        if (cmd.occurredAt().isBefore(lastOccurredAt)) {
            throw new OccurredAtOutOfOrder(id, cmd.occurredAt(), lastOccurredAt);
        }
        // If the command is refused after this, the unit of work rolls these events back with it.
        catchUp(cmd.occurredAt(), false);
    }

    // ---- SLA clocks -------------------------------------------------------------------------------

    /**
     * Records, in time order, every threshold the running clocks crossed before {@code until} (or at it,
     * when {@code inclusive}). A command at exactly the due instant is still in time — elapsed equal to the
     * target is met — so commands do not count the instant itself; a deadline set for it does.
     */
    private void catchUp(Instant until, boolean inclusive) {
        if (slaPolicy == null) {
            return;
        }
        record Crossing(Instant at, ClockKind clock, int percent) {
        }
        List<Crossing> crossings = new ArrayList<>();
        for (SlaClock clock : clocks.values()) {
            if (clock.state != SlaClock.State.RUNNING) {
                continue;
            }
            for (int percent : pendingThresholds(clock)) {
                Instant at = clock.instantOf(percent, slaPolicy.calendar());
                if (at.isBefore(until) || inclusive && at.equals(until)) {
                    crossings.add(new Crossing(at, clock.kind, percent));
                }
            }
        }
        crossings.sort(Comparator.comparing(Crossing::at).thenComparing(Crossing::clock)
                .thenComparingInt(Crossing::percent));
        for (Crossing crossing : crossings) {
            cross(clocks.get(crossing.clock()), crossing.percent(), crossing.at());
        }
    }

    private void cross(SlaClock clock, int percent, Instant at) {
        if (percent == slaPolicy.warningPercent() && !clock.thresholdsPassed.contains(percent)) {
            apply(new SlaWarningReached(id, clock.kind, slaPolicy.version(), clock.target, clock.dueAt, at, SLA_ACTOR));
        }
        if (percent == 100 && !clock.thresholdsPassed.contains(100)) {
            apply(new SlaBreached(id, clock.kind, slaPolicy.version(), clock.target, clock.dueAt, at, SLA_ACTOR));
        }
        for (SlaPolicy.EscalationStep step : slaPolicy.ladder()) {
            if (step.percentOfTarget() == percent && step.level() > escalationLevel
                    && Verb.ESCALATE.allowedIn(status)) {
                apply(new IssueEscalated(id, step.level(), escalationLevel,
                        "SLA " + clock.kind + " clock at " + percent + "% of its target", at, SLA_ACTOR));
            }
        }
    }

    /** Percentages still to record for this clock: its warning, its breach, and ladder steps not yet reached. */
    private Set<Integer> pendingThresholds(SlaClock clock) {
        Set<Integer> pending = new TreeSet<>();
        if (!clock.thresholdsPassed.contains(slaPolicy.warningPercent())) {
            pending.add(slaPolicy.warningPercent());
        }
        if (!clock.thresholdsPassed.contains(100)) {
            pending.add(100);
        }
        for (SlaPolicy.EscalationStep step : slaPolicy.ladder()) {
            if (step.level() > escalationLevel) {
                pending.add(step.percentOfTarget());
            }
        }
        return pending;
    }

    private void stopClock(ClockKind kind, Instant at) {
        SlaClock clock = clocks.get(kind);
        if (clock == null || clock.state == SlaClock.State.STOPPED) {
            return;
        }
        Duration elapsed = clock.elapsedAt(at, slaPolicy.calendar());
        apply(new SlaClockStopped(id, kind, slaPolicy.version(), clock.target, elapsed, clock.dueAt,
                elapsed.compareTo(clock.target) <= 0, at, SLA_ACTOR));
    }

    private void pauseClock(ClockKind kind, String reason, Instant at) {
        SlaClock clock = clocks.get(kind);
        if (clock == null || clock.state != SlaClock.State.RUNNING) {
            return;
        }
        apply(new SlaClockPaused(id, kind, slaPolicy.version(), reason, clock.elapsedAt(at, slaPolicy.calendar()),
                clock.dueAt, at, SLA_ACTOR));
    }

    /**
     * Runs the clock again from {@code at} with its elapsed time carried over, against the target of the
     * issue's current priority: after a hold, a reopen, or a priority change.
     */
    private void runClock(ClockKind kind, Instant at) {
        SlaClock clock = clocks.get(kind);
        if (clock == null) {
            return;
        }
        Duration elapsed = clock.elapsedAt(at, slaPolicy.calendar());
        Duration target = slaPolicy.target(kind, priority);
        BusinessCalendar calendar = slaPolicy.calendar();
        apply(new SlaClockResumed(id, kind, slaPolicy.version(), target, elapsed,
                SlaClock.reachedAt(at, elapsed, SlaClock.share(target, slaPolicy.warningPercent()), calendar),
                SlaClock.reachedAt(at, elapsed, target, calendar), at, SLA_ACTOR));
    }

    /** After a command: the next timer is at the first pending threshold from the command's own instant on. */
    private void reschedule(DeadlineManager deadlines, String nextCommandAt) {
        reschedule(deadlines, nextCommandAt, lastOccurredAt, true);
    }

    /**
     * One timer per issue, at the earliest pending threshold of its running clocks from {@code from} on (after it,
     * unless {@code inclusive}); none when no clock runs towards a threshold. When the timer fires, its handler records
     * what was crossed and sets the next ({@link #on(SlaDeadline, DeadlineManager)}); a command records everything
     * crossed before its own time first ({@link #check}), so timers only wake an idle issue. The timer is moved only
     * when that instant changed: a hold while the first-response clock still comes first, or a resume that leaves it
     * first, writes nothing. Between commands the instant only moves later (a threshold recorded, an escalation past a
     * ladder step), never earlier without a command that reschedules: a timer left early fires, records nothing, and
     * moves itself. Thresholds before {@code from} are never pending: the catch-up recorded them.
     *
     * <p>An importer replaying history announces the business time of the issue's next command
     * ({@link IssueCommands#NEXT_COMMAND_AT}). That command catches up every threshold before its time and
     * reschedules, so a timer set now would be past, fire after the import only to find nothing to do, and cost
     * writes. A timer left from earlier is harmless: it records only thresholds really crossed, and nothing once a
     * later command has. The command announcing none schedules what was put off even if it changes no clock
     * ({@link #deadlinesDeferred}).
     */
    private void reschedule(DeadlineManager deadlines, String nextCommandAt, Instant from, boolean inclusive) {
        if (slaPolicy == null) {
            return;
        }
        if (nextCommandAt != null) {
            deadlinesDeferred = true;
            return;
        }
        deadlinesDeferred = false;
        Instant next = nextThreshold(from, inclusive);
        if (slaTimerKnown && Objects.equals(next, slaTimerAt)) {
            return;
        }
        if (!slaTimerKnown || slaTimerAt != null) {
            deadlines.cancelAllWithinScope(SlaDeadline.NAME);
        }
        if (next != null) {
            schedule(deadlines, next);
        }
        slaTimerKnown = true;
        slaTimerAt = next;
    }

    /** The earliest pending threshold of the running clocks from {@code from} on; null when there is none. */
    private Instant nextThreshold(Instant from, boolean inclusive) {
        Instant next = null;
        for (SlaClock clock : clocks.values()) {
            if (clock.state != SlaClock.State.RUNNING) {
                continue;
            }
            for (int percent : pendingThresholds(clock)) {
                Instant at = clock.instantOf(percent, slaPolicy.calendar());
                if ((at.isAfter(from) || inclusive && at.equals(from)) && (next == null || at.isBefore(next))) {
                    next = at;
                }
            }
        }
        return next;
    }

    private static void schedule(DeadlineManager deadlines, Instant at) {
        deadlines.schedule(at, SlaDeadline.NAME, new SlaDeadline(at));
    }

    @EventSourcingHandler
    void on(IssueCreated e) {
        lastOccurredAt = e.occurredAt();
        id = e.issueId();
        status = IssueStatus.OPEN;
        priority = e.priority();
        category = e.category();
        component = e.component();
        team = e.team();
    }

    @EventSourcingHandler
    void on(OwnerAssigned e) {
        lastOccurredAt = e.occurredAt();
        owner = e.owner();
        ownerRuleId = e.ruleId();
        reassignments = e.reassignments();
        coHandlers.remove(e.owner());
        if (status == IssueStatus.OPEN) {
            status = IssueStatus.ASSIGNED;
        }
    }

    @EventSourcingHandler
    void on(TeamAssigned e) {
        lastOccurredAt = e.occurredAt();
        team = e.team();
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

    @EventSourcingHandler
    void on(SlaPolicyAttached e) {
        lastOccurredAt = e.occurredAt();
        slaPolicy = e.policy();
    }

    @EventSourcingHandler
    void on(SlaClockStarted e) {
        lastOccurredAt = e.occurredAt();
        clocks.put(e.clock(), new SlaClock(e.clock(), e.target(), e.occurredAt(), e.dueAt()));
    }

    @EventSourcingHandler
    void on(SlaClockPaused e) {
        lastOccurredAt = e.occurredAt();
        clocks.get(e.clock()).halt(SlaClock.State.PAUSED, e.elapsed());
    }

    @EventSourcingHandler
    void on(SlaClockResumed e) {
        lastOccurredAt = e.occurredAt();
        clocks.get(e.clock()).run(e.target(), e.elapsed(), e.occurredAt(), e.dueAt());
    }

    @EventSourcingHandler
    void on(SlaWarningReached e) {
        lastOccurredAt = e.occurredAt();
        clocks.get(e.clock()).thresholdsPassed.add(slaPolicy.warningPercent());
    }

    @EventSourcingHandler
    void on(SlaBreached e) {
        lastOccurredAt = e.occurredAt();
        clocks.get(e.clock()).thresholdsPassed.add(100);
    }

    @EventSourcingHandler
    void on(SlaClockStopped e) {
        lastOccurredAt = e.occurredAt();
        clocks.get(e.clock()).halt(SlaClock.State.STOPPED, e.elapsed());
    }
}
