package org.issueledger.query.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.issueledger.events.EventType;
import org.issueledger.events.InstantText;
import org.issueledger.events.issue.CoHandlerAdded;
import org.issueledger.events.issue.CoHandlerRemoved;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssueClosed;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEscalated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.IssuePutOnHold;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.TeamAssigned;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.SlaBreached;
import org.issueledger.events.issue.SlaClockPaused;
import org.issueledger.events.issue.SlaClockResumed;
import org.issueledger.events.issue.SlaClockStarted;
import org.issueledger.events.issue.SlaClockStopped;
import org.issueledger.events.issue.SlaPolicyAttached;
import org.issueledger.events.issue.SlaWarningReached;
import org.issueledger.events.sla.ClockKind;

/**
 * An issue's fields as the audit trail tracks them, and what each event does to them. An event's before → after is
 * the difference between the fields before and after it, so a field is described once, where an event sets it.
 *
 * <p>Values are JSON-friendly (text, whole numbers, lists of text; instants, ids and enums as text) because the
 * fields are kept in {@code audit_issue_state.fields} between events. An absent field is null.
 */
final class IssueFields {

    private static final String TEAM = "team";
    private static final String STATUS = "status";
    private static final String OWNER = "owner";
    private static final String CO_HANDLERS = "coHandlers";
    private static final String FIRST_RESPONSE_AT = "firstResponseAt";
    private static final String HOLD_REASON = "holdReason";
    private static final String VERIFICATION = "verification";
    private static final String REOPEN_COUNT = "reopenCount";
    private static final String RESOLUTION_CODE = "resolutionCode";
    private static final String SOLUTION_SUMMARY = "solutionSummary";
    private static final String KNOWLEDGE_ARTICLE = "knowledgeArticle";
    private static final String CLOSE_CODE = "closeCode";
    private static final String SATISFACTION = "satisfaction";

    private final Map<String, Object> values;
    /**
     * While an event is folded: the fields it set or removed, so that only these are compared after, with each one's
     * value before the event (null if it had none).
     */
    private final List<String> touched = new ArrayList<>(4);
    private final List<Object> touchedBefore = new ArrayList<>(4);
    /** While an event is folded: the names the fields had before it, in their order. */
    private String[] order;

    IssueFields(Map<String, Object> values) {
        this.values = new LinkedHashMap<>(values);
    }

    static IssueFields none() {
        return new IssueFields(Map.of());
    }

    Map<String, Object> values() {
        return Collections.unmodifiableMap(values);
    }

    String team() {
        return (String) values.get(TEAM);
    }

    /** The event applied to a copy of these fields; these stay as they are. */
    Applied apply(IssueEvent event) {
        return new IssueFields(values).applyHere(event);
    }

    /**
     * The event applied to these very fields, which become the fields after it: what {@link #apply} answers, without
     * copying every field for every event (a copy per event was a sixth of the audit trail's CPU in a rebuild).
     */
    Applied applyHere(IssueEvent event) {
        order = values.keySet().toArray(new String[0]);
        touched.clear();
        touchedBefore.clear();
        LifecycleTransition transition = fold(event);
        List<FieldChange> changes = changes();
        order = null;
        return new Applied(this, changes, transition);
    }

    /**
     * The fields that differ, in the order they were first set (those set before the event in their order, then
     * those the event added in theirs); an IssueCreated yields every initial field. Only the fields the event touched
     * can differ: the others are not compared (a fifth of the audit trail's CPU in a rebuild when every one was).
     */
    private List<FieldChange> changes() {
        List<FieldChange> changes = new ArrayList<>(touched.size());
        int existed = 0;
        for (String name : order) {
            int index = touched.indexOf(name);
            if (index >= 0) {
                existed++;
                compare(index, changes);
            }
        }
        if (existed < touched.size()) {
            for (String name : values.keySet()) {
                int index = touched.indexOf(name);
                if (index >= 0 && !contains(order, name)) {
                    compare(index, changes);
                }
            }
        }
        return changes;
    }

    private void compare(int index, List<FieldChange> changes) {
        String name = touched.get(index);
        Object before = touchedBefore.get(index);
        Object now = values.get(name);
        if (!Objects.equals(before, now)) {
            changes.add(new FieldChange(name, before, now));
        }
    }

    private static boolean contains(String[] names, String name) {
        for (String each : names) {
            if (each.equals(name)) {
                return true;
            }
        }
        return false;
    }

    // Java 17 has no pattern switch over the sealed IssueEvent; a switch expression over its enum of wire types has
    // no default, so the compiler checks that every type is named and a new event breaks the build right here.
    private LifecycleTransition fold(IssueEvent payload) {
        return switch (EventType.of(payload)) {
            case ISSUE_CREATED -> created((IssueCreated) payload);
            case OWNER_ASSIGNED -> assigned((OwnerAssigned) payload);
            case TEAM_ASSIGNED -> {
                set(TEAM, ((TeamAssigned) payload).team());
                yield LifecycleTransition.COMPLETE;
            }
            case CO_HANDLER_ADDED -> {
                List<String> coHandlers = coHandlers();
                String coHandler = ((CoHandlerAdded) payload).coHandler();
                if (!coHandlers.contains(coHandler)) {
                    coHandlers.add(coHandler);
                }
                set(CO_HANDLERS, coHandlers);
                yield LifecycleTransition.COMPLETE;
            }
            case CO_HANDLER_REMOVED -> {
                List<String> coHandlers = coHandlers();
                coHandlers.remove(((CoHandlerRemoved) payload).coHandler());
                set(CO_HANDLERS, coHandlers);
                yield LifecycleTransition.COMPLETE;
            }
            case ISSUE_ACKNOWLEDGED -> firstResponse(payload);
            case COMMENT_ADDED -> ((CommentAdded) payload).firstResponse()
                    ? firstResponse(payload) : LifecycleTransition.COMPLETE;
            case WORK_STARTED -> {
                status(IssueStatus.IN_PROGRESS);
                yield LifecycleTransition.START;
            }
            case PRIORITY_CHANGED -> {
                set("priority", ((PriorityChanged) payload).priority());
                yield LifecycleTransition.COMPLETE;
            }
            case ISSUE_RECLASSIFIED -> {
                IssueReclassified e = (IssueReclassified) payload;
                set("category", e.category());
                set("component", e.component());
                yield LifecycleTransition.COMPLETE;
            }
            case ISSUE_PUT_ON_HOLD -> {
                status(IssueStatus.ON_HOLD);
                set(HOLD_REASON, ((IssuePutOnHold) payload).reason());
                yield LifecycleTransition.SUSPEND;
            }
            case ISSUE_RESUMED -> {
                status(IssueStatus.IN_PROGRESS);
                set(HOLD_REASON, null);
                yield LifecycleTransition.RESUME;
            }
            case ISSUE_ESCALATED -> {
                set("escalationLevel", ((IssueEscalated) payload).level());
                yield LifecycleTransition.COMPLETE;
            }
            case ISSUE_RESOLVED -> {
                IssueResolved e = (IssueResolved) payload;
                status(IssueStatus.RESOLVED);
                set(VERIFICATION, null);
                set(RESOLUTION_CODE, e.resolutionCode());
                set(SOLUTION_SUMMARY, e.solutionSummary());
                set(KNOWLEDGE_ARTICLE, e.knowledgeArticle());
                yield LifecycleTransition.COMPLETE;
            }
            case RESOLUTION_ACCEPTED -> {
                set(VERIFICATION, "ACCEPTED");
                yield LifecycleTransition.COMPLETE;
            }
            case RESOLUTION_REJECTED -> {
                ResolutionRejected e = (ResolutionRejected) payload;
                backToWork(e.reopenCount());
                set(VERIFICATION, "REJECTED");
                yield LifecycleTransition.RESUME;
            }
            case ISSUE_CLOSED -> {
                IssueClosed e = (IssueClosed) payload;
                status(IssueStatus.CLOSED);
                set(CLOSE_CODE, e.closeCode());
                set(SATISFACTION, e.satisfaction());
                yield LifecycleTransition.COMPLETE;
            }
            case ISSUE_REOPENED -> {
                backToWork(((IssueReopened) payload).reopenCount());
                yield LifecycleTransition.RESUME;
            }
            case ISSUE_CANCELLED -> cancelled((IssueCancelled) payload);
            case SLA_POLICY_ATTACHED -> {
                set("slaPolicyVersion", ((SlaPolicyAttached) payload).policy().version());
                yield LifecycleTransition.COMPLETE;
            }
            case SLA_CLOCK_STARTED -> clock(((SlaClockStarted) payload).clock(), "RUNNING",
                    ((SlaClockStarted) payload).dueAt());
            case SLA_CLOCK_PAUSED -> clock(((SlaClockPaused) payload).clock(), "PAUSED",
                    ((SlaClockPaused) payload).dueAt());
            case SLA_CLOCK_RESUMED -> clock(((SlaClockResumed) payload).clock(), "RUNNING",
                    ((SlaClockResumed) payload).dueAt());
            case SLA_WARNING_REACHED -> clock(((SlaWarningReached) payload).clock(), "WARNING",
                    ((SlaWarningReached) payload).dueAt());
            case SLA_BREACHED -> clock(((SlaBreached) payload).clock(), "BREACHED", ((SlaBreached) payload).dueAt());
            case SLA_CLOCK_STOPPED -> {
                SlaClockStopped e = (SlaClockStopped) payload;
                yield clock(e.clock(), e.met() ? "MET" : "MISSED", e.dueAt());
            }
        };
    }

    private LifecycleTransition created(IssueCreated e) {
        set("title", e.title());
        set("description", e.description());
        set("category", e.category());
        set("component", e.component());
        set("priority", e.priority());
        set(TEAM, e.team());
        set("reporter", e.reporter());
        status(IssueStatus.OPEN);
        return LifecycleTransition.SCHEDULE;
    }

    /** Assignment moves a new issue on; later in the lifecycle it only changes hands. */
    private LifecycleTransition assigned(OwnerAssigned e) {
        set(OWNER, e.owner());
        set("reassignments", e.reassignments());
        if (IssueStatus.OPEN.name().equals(values.get(STATUS))) {
            status(IssueStatus.ASSIGNED);
        }
        return e.previousOwner() == null ? LifecycleTransition.ASSIGN : LifecycleTransition.REASSIGN;
    }

    private LifecycleTransition firstResponse(IssueEvent payload) {
        touch(FIRST_RESPONSE_AT);
        values.putIfAbsent(FIRST_RESPONSE_AT, InstantText.of(payload.occurredAt()));
        return LifecycleTransition.COMPLETE;
    }

    /** A rejected verification or a reopen: back to work, the earlier resolution and closing no longer current. */
    private void backToWork(int reopenCount) {
        status(IssueStatus.IN_PROGRESS);
        set(REOPEN_COUNT, reopenCount);
        set(VERIFICATION, null);
        List.of(RESOLUTION_CODE, SOLUTION_SUMMARY, KNOWLEDGE_ARTICLE, CLOSE_CODE, SATISFACTION)
                .forEach(name -> set(name, null));
    }

    private LifecycleTransition cancelled(IssueCancelled e) {
        Object statusBefore = values.get(STATUS);
        boolean workStarted = !IssueStatus.OPEN.name().equals(statusBefore)
                && !IssueStatus.ASSIGNED.name().equals(statusBefore);
        status(IssueStatus.CANCELLED);
        set("cancelReason", e.reason());
        set("duplicateOf", e.duplicateOf());
        return workStarted ? LifecycleTransition.PI_ABORT : LifecycleTransition.WITHDRAW;
    }

    private LifecycleTransition clock(ClockKind kind, String state, Object dueAt) {
        String clock = switch (kind) {
            case FIRST_RESPONSE -> "firstResponse";
            case RESOLUTION -> "resolution";
        };
        set(clock + "Sla", state);
        set(clock + "DueAt", dueAt);
        return LifecycleTransition.COMPLETE;
    }

    private List<String> coHandlers() {
        Object coHandlers = values.get(CO_HANDLERS);
        List<String> copy = new ArrayList<>();
        if (coHandlers instanceof List<?> list) {
            list.forEach(name -> copy.add((String) name));
        }
        return copy;
    }

    private void status(IssueStatus status) {
        set(STATUS, status);
    }

    /** Null removes the field; enums, instants and ids are kept as their text. */
    private void set(String name, Object value) {
        touch(name);
        if (value == null) {
            values.remove(name);
        } else if (value instanceof Number || value instanceof List) {
            values.put(name, value);
        } else {
            values.put(name, value instanceof Enum<?> constant ? constant.name()
                    : value instanceof Instant instant ? InstantText.of(instant) : value.toString());
        }
    }

    /** Before the field changes: remembers it as touched, with its value before the event. */
    private void touch(String name) {
        if (!touched.contains(name)) {
            touched.add(name);
            touchedBefore.add(values.get(name));
        }
    }

    /** One event applied: the fields after it, what it changed, and its lifecycle transition. */
    record Applied(IssueFields after, List<FieldChange> changes, LifecycleTransition transition) {
    }
}
