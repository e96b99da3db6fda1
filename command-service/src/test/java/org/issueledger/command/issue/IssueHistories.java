package org.issueledger.command.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.issue.*;

/** Event histories that put an issue in each state, and a well-formed command for each verb. */
final class IssueHistories {

    static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-000000000001");
    static final Instant T0 = Instant.parse("2026-01-05T09:00:00Z");
    static final String OWNER = "ana";
    static final String CO_HANDLER = "cy";

    private IssueHistories() {
    }

    static Instant t(int minutes) {
        return T0.plusSeconds(60L * minutes);
    }

    static IssueCreated created() {
        return new IssueCreated(ISSUE, "Mail server down", "No mail since 8:00", "email", "smtp", Priority.P3,
                "ops", "rita", t(0), "rita");
    }

    static OwnerAssigned assigned(String owner, String previous, int reassignments, int minute) {
        return new OwnerAssigned(ISSUE, owner, previous, reassignments, t(minute), "dispatcher");
    }

    /** Every history has a co-handler, so that removing one is possible wherever the state allows it. */
    static List<Object> historyFor(IssueStatus status) {
        List<Object> events = new ArrayList<>();
        events.add(created());
        events.add(new CoHandlerAdded(ISSUE, CO_HANDLER, t(1), "dispatcher"));
        switch (status) {
            case OPEN -> { }
            case CANCELLED -> events.add(new IssueCancelled(ISSUE, CancelReason.INVALID, null, "test", t(2), "rita"));
            default -> {
                events.add(assigned(OWNER, null, 0, 2));
                if (status == IssueStatus.ASSIGNED) {
                    break;
                }
                events.add(new WorkStarted(ISSUE, t(3), OWNER));
                if (status == IssueStatus.ON_HOLD) {
                    events.add(new IssuePutOnHold(ISSUE, "waiting for vendor", t(4), OWNER));
                }
                if (status == IssueStatus.RESOLVED || status == IssueStatus.CLOSED) {
                    events.add(new IssueResolved(ISSUE, "FIXED", "Restarted the MTA", null, t(4), OWNER));
                }
                if (status == IssueStatus.CLOSED) {
                    events.add(new IssueClosed(ISSUE, "DONE", 5, t(5), "rita"));
                }
            }
        }
        return events;
    }

    /** A command for the verb that passes every rule but the state check, at a time after any history. */
    static IssueCommand commandFor(Verb verb) {
        Instant at = t(60);
        String actor = OWNER;
        return switch (verb) {
            case ASSIGN -> new AssignOwner(ISSUE, "bo", at, actor);
            case ASSIGN_TEAM -> new AssignTeam(ISSUE, "network", null, at, actor);
            case ADD_CO_HANDLER -> new AddCoHandler(ISSUE, "dee", at, actor);
            case REMOVE_CO_HANDLER -> new RemoveCoHandler(ISSUE, CO_HANDLER, at, actor);
            case ACKNOWLEDGE -> new AcknowledgeIssue(ISSUE, at, actor);
            case START -> new StartWork(ISSUE, at, actor);
            case COMMENT -> new AddComment(ISSUE, "Looking into it", false, at, actor);
            case CHANGE_PRIORITY -> new ChangePriority(ISSUE, Priority.P1, at, actor);
            case RECLASSIFY -> new Reclassify(ISSUE, "network", "dns", at, actor);
            case HOLD -> new PutOnHold(ISSUE, "waiting for customer", at, actor);
            case RESUME -> new Resume(ISSUE, at, actor);
            case ESCALATE -> new Escalate(ISSUE, null, "customer is a VIP", at, actor);
            case RESOLVE -> new Resolve(ISSUE, "FIXED", "Restarted the MTA", "KB-1", at, actor);
            case VERIFY -> new VerifyResolution(ISSUE, true, "works again", at, "rita");
            case CLOSE -> new Close(ISSUE, "DONE", 4, at, "rita");
            case REOPEN -> new Reopen(ISSUE, "broke again", at, "rita");
            case CANCEL -> new Cancel(ISSUE, CancelReason.FALSE_REPORT, null, "monitoring glitch", at, actor);
        };
    }

    /** The event a successful command of this verb (as built by {@link #commandFor}) appends. */
    static Class<? extends IssueEvent> eventFor(Verb verb) {
        return switch (verb) {
            case ASSIGN -> OwnerAssigned.class;
            case ASSIGN_TEAM -> TeamAssigned.class;
            case ADD_CO_HANDLER -> CoHandlerAdded.class;
            case REMOVE_CO_HANDLER -> CoHandlerRemoved.class;
            case ACKNOWLEDGE -> IssueAcknowledged.class;
            case START -> WorkStarted.class;
            case COMMENT -> CommentAdded.class;
            case CHANGE_PRIORITY -> PriorityChanged.class;
            case RECLASSIFY -> IssueReclassified.class;
            case HOLD -> IssuePutOnHold.class;
            case RESUME -> IssueResumed.class;
            case ESCALATE -> IssueEscalated.class;
            case RESOLVE -> IssueResolved.class;
            case VERIFY -> ResolutionAccepted.class;
            case CLOSE -> IssueClosed.class;
            case REOPEN -> IssueReopened.class;
            case CANCEL -> IssueCancelled.class;
        };
    }
}
