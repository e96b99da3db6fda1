package org.issueledger.command.imports;

import static org.issueledger.events.issue.IssueStatus.ASSIGNED;
import static org.issueledger.events.issue.IssueStatus.CANCELLED;
import static org.issueledger.events.issue.IssueStatus.CLOSED;
import static org.issueledger.events.issue.IssueStatus.IN_PROGRESS;
import static org.issueledger.events.issue.IssueStatus.ON_HOLD;
import static org.issueledger.events.issue.IssueStatus.OPEN;
import static org.issueledger.events.issue.IssueStatus.RESOLVED;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import org.issueledger.command.imports.ImportMapping.Action;
import org.issueledger.command.issue.IssueCommands;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.SlaPolicy;

/**
 * Turns a source event into the commands that take the issue from where it is to where the source says
 * it went — the same commands an integrator would send by hand. The planner follows the issue's state as
 * those commands would leave it if accepted; the aggregate still decides, and a refusal is reported.
 *
 * <p>The order within one event: create (first event of a case), reopen (activity after completion),
 * priority and category changes, the owner, an escalation by a move to an escalation team, then the
 * state's own verb.
 */
final class CasePlanner {

    /** Limits the REST edge applies to names and titles (IssueController); an import keeps to them too. */
    private static final int NAME = 100;
    private static final int TITLE = 200;

    private static final Set<IssueStatus> ACTIVE = EnumSet.of(OPEN, ASSIGNED, IN_PROGRESS, ON_HOLD);
    private static final Set<IssueStatus> DONE = EnumSet.of(RESOLVED, CLOSED);
    private static final Set<Action> OWNED = EnumSet.of(Action.CREATE, Action.ASSIGN, Action.START, Action.HOLD,
            Action.RESUME, Action.ESCALATE, Action.RESOLVE);

    private final ImportMapping mapping;
    private final Supplier<Function<Instant, SlaPolicy>> policyBook;

    /** @param policyBook the SLA policy book as it stands when asked: which version is in force at an instant */
    CasePlanner(ImportMapping mapping, Supplier<Function<Instant, SlaPolicy>> policyBook) {
        this.mapping = mapping;
        this.policyBook = policyBook;
    }

    /** The policy book as it stands now, for planning one batch (asked once per batch, not once per new issue). */
    Function<Instant, SlaPolicy> policies() {
        return policyBook.get();
    }

    /** What the importer believes of an issue: where the accepted commands so far have taken it. */
    static final class CaseState {
        final UUID issueId;
        IssueStatus status; // null: not created yet
        String owner;
        String team;
        Priority priority;
        String category;
        /**
         * The highest index of the case's source events an earlier run stored commands of (-1: none). An event below it
         * with no commands stored was refused then: the issue has moved on since, so it is not sent again.
         */
        int storedUpTo = -1;
        /** For a case an earlier run stored commands of: its events accepted so far (to replay a refusal), else null. */
        List<SourceEvent> accepted;

        CaseState(UUID issueId) {
            this.issueId = issueId;
        }

        CaseState copy() {
            CaseState copy = new CaseState(issueId);
            copy.status = status;
            copy.owner = owner;
            copy.team = team;
            copy.priority = priority;
            copy.category = category;
            return copy;
        }
    }

    /**
     * @param command the Axon payload
     * @param request what it asks, as text: the idempotency fingerprint, stable across runs
     */
    record Step(String verb, Object command, String request) {
    }

    /** @param rejection why the event is refused before anything is sent (malformed, unmapped state), or null */
    record Plan(SourceEvent event, boolean skipped, List<Step> steps, String rejection) {
    }

    /** The issue a case becomes: the same id on every run, so a re-run finds the issue it made before. */
    UUID issueIdOf(String caseId) {
        return UUID.nameUUIDFromBytes(("issueledger-import:" + mapping.source() + ":" + caseId)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Plans one event and moves {@code state} on as if every step were accepted. */
    Plan plan(CaseState state, SourceEvent e) {
        return plan(state, e, policies());
    }

    /** The same, with the policy book of {@link #policies()} already at hand. */
    Plan plan(CaseState state, SourceEvent e, Function<Instant, SlaPolicy> policyInForce) {
        if (e.malformed() != null) {
            return new Plan(e, false, List.of(), "malformed record: " + e.malformed());
        }
        Action action = mapping.states().get(e.state());
        if (action == null) {
            return new Plan(e, false, List.of(), "no mapping for source state '" + e.state() + "'");
        }
        if (action == Action.SKIP) {
            return new Plan(e, true, List.of(), null);
        }
        UUID id = state.issueId;
        Instant at = e.occurredAt();
        String actor = clip(firstNonNull(e.actor(), e.owner(), "import:" + mapping.source()));
        Priority priority = priorityOf(e.priority());
        String category = e.category() == null ? null : clip(e.category());
        String team = e.team() == null ? null : clip(e.team());
        String owner = e.owner() == null ? null : clip(e.owner());
        List<Step> steps = new ArrayList<>();

        if (state.status == null) {
            Priority initial = priority != null ? priority : mapping.defaultPriority();
            String initialCategory = category != null ? category : "uncategorised";
            String title = e.title() != null ? e.title() : mapping.titleTemplate().replace("{case}", e.caseId());
            String reporter = clip(firstNonNull(e.reporter(), actor));
            steps.add(new Step("create", IssueCommands.create(id, clipTitle(title), null, initialCategory, null, initial,
                    team, reporter, policyInForce.apply(at), at, actor),
                    "create " + id + " " + clipTitle(title) + " " + initialCategory + " " + initial + " " + team + " "
                            + reporter + " " + at + " " + actor));
            state.status = OPEN;
            state.priority = initial;
            state.category = initialCategory;
            state.team = team;
        }
        if (DONE.contains(state.status) && action != Action.RESOLVE && action != Action.CLOSE
                && action != Action.CREATE) {
            steps.add(step("reopen", IssueCommands.reopen(id, reason("activity after completion", e), at, actor), id,
                    at, actor, e.state()));
            state.status = IN_PROGRESS;
        }
        if (ACTIVE.contains(state.status)) {
            if (priority != null && priority != state.priority) {
                steps.add(step("priority", IssueCommands.changePriority(id, priority, at, actor), id, at, actor, priority));
                state.priority = priority;
            }
            if (category != null && !category.equals(state.category)) {
                steps.add(step("reclassify", IssueCommands.reclassify(id, category, null, at, actor), id, at, actor, category));
                state.category = category;
            }
            if (OWNED.contains(action) && owner != null && !owner.equals(state.owner)) {
                steps.add(step("assign", IssueCommands.assign(id, owner, at, actor), id, at, actor, owner));
                state.owner = owner;
                if (state.status == OPEN) {
                    state.status = ASSIGNED;
                }
            }
        }
        boolean escalated = false;
        if (team != null && !team.equals(state.team)) {
            if (mapping.escalateToTeams() != null && mapping.escalateToTeams().matcher(team).matches()
                    && ACTIVE.contains(state.status)) {
                String why = reason("moved to team " + team + (state.team == null ? "" : " from " + state.team), e);
                steps.add(step("escalate", IssueCommands.escalate(id, null, why, at, actor), id, at, actor, why));
                escalated = true;
            }
            state.team = team;
        }
        planAction(state, e, action, escalated, steps, id, at, actor);
        return new Plan(e, false, steps, null);
    }

    private void planAction(CaseState state, SourceEvent e, Action action, boolean escalated, List<Step> steps, UUID id,
                            Instant at, String actor) {
        switch (action) {
            case CREATE, ASSIGN, NONE, SKIP -> {
                // the owner and team changes above are all there is
            }
            case START -> {
                if (state.status == ON_HOLD) {
                    resume(state, steps, id, at, actor);
                } else if (state.status == ASSIGNED || state.status == OPEN || state.status == CANCELLED) {
                    // from OPEN or CANCELLED the aggregate refuses it, and the report says why
                    steps.add(step("start", IssueCommands.start(id, at, actor), id, at, actor));
                    state.status = IN_PROGRESS;
                }
            }
            case HOLD -> {
                if (state.status != ON_HOLD) {
                    String why = reason("on hold", e);
                    steps.add(step("hold", IssueCommands.hold(id, why, at, actor), id, at, actor, why));
                    state.status = ON_HOLD;
                }
            }
            case RESUME -> {
                if (state.status == ON_HOLD) {
                    resume(state, steps, id, at, actor);
                }
            }
            case ESCALATE -> {
                if (!escalated) {
                    String why = reason("escalated", e);
                    steps.add(step("escalate", IssueCommands.escalate(id, null, why, at, actor), id, at, actor, why));
                }
            }
            case RESOLVE -> {
                if (!DONE.contains(state.status)) {
                    resolve(state, e, steps, id, at, actor);
                }
            }
            case CLOSE -> {
                if (state.status != CLOSED) {
                    if (state.status != RESOLVED) {
                        resolve(state, e, steps, id, at, actor);
                    }
                    steps.add(step("close", IssueCommands.close(id, mapping.closeCode(), null, at, actor), id, at, actor,
                            mapping.closeCode()));
                    state.status = CLOSED;
                }
            }
            case REOPEN -> {
                // reopened above when the issue was resolved or closed; otherwise nothing to reopen
            }
            case CANCEL -> {
                String note = reason("cancelled", e);
                steps.add(step("cancel", IssueCommands.cancel(id, mapping.cancelReason(), note, at, actor), id, at, actor,
                        mapping.cancelReason(), note));
                state.status = CANCELLED;
            }
        }
    }

    private void resume(CaseState state, List<Step> steps, UUID id, Instant at, String actor) {
        steps.add(step("resume", IssueCommands.resume(id, at, actor), id, at, actor));
        state.status = IN_PROGRESS;
    }

    private void resolve(CaseState state, SourceEvent e, List<Step> steps, UUID id, Instant at, String actor) {
        if (state.status == ON_HOLD) {
            resume(state, steps, id, at, actor);
        }
        String code = mapping.resolutionCode() != null ? mapping.resolutionCode() : clip(e.state());
        String summary = reason("resolved", e);
        steps.add(step("resolve", IssueCommands.resolve(id, code, summary, null, at, actor), id, at, actor, code, summary));
        state.status = RESOLVED;
    }

    private static Step step(String verb, Object command, UUID id, Instant at, String actor, Object... fields) {
        StringBuilder request = new StringBuilder(verb).append(' ').append(id).append(' ').append(at).append(' ').append(actor);
        for (Object field : fields) {
            request.append(' ').append(field);
        }
        return new Step(verb, command, request.toString());
    }

    private String reason(String what, SourceEvent e) {
        return what + " in " + mapping.source() + " (" + e.state() + ")";
    }

    private Priority priorityOf(String value) {
        if (value == null) {
            return null;
        }
        Priority mapped = mapping.priorities().get(value);
        if (mapped != null) {
            return mapped;
        }
        try {
            return Priority.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return mapping.defaultPriority();
        }
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private static String clip(String value) {
        return value.length() <= NAME ? value : value.substring(0, NAME);
    }

    private static String clipTitle(String value) {
        return value.length() <= TITLE ? value : value.substring(0, TITLE);
    }
}
