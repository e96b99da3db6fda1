package org.issueledger.command.issue;

import static org.issueledger.events.issue.IssueStatus.*;

import java.util.EnumSet;
import java.util.Set;

import org.issueledger.events.issue.IssueStatus;

/**
 * Every verb an issue understands after creation, with the states it may be applied in. This table is
 * the single source of the lifecycle: the aggregate checks it, the README prints it, and the tests
 * generate every illegal (verb, state) pair from it.
 */
enum Verb {
    ASSIGN("assign", active()),
    ASSIGN_TEAM("assign team", active()),
    ADD_CO_HANDLER("add co-handler", active()),
    REMOVE_CO_HANDLER("remove co-handler", active()),
    ACKNOWLEDGE("acknowledge", active()),
    START("start", EnumSet.of(ASSIGNED)),
    COMMENT("comment", with(active(), RESOLVED)),
    CHANGE_PRIORITY("change priority", active()),
    RECLASSIFY("reclassify", active()),
    HOLD("hold", EnumSet.of(ASSIGNED, IN_PROGRESS)),
    RESUME("resume", EnumSet.of(ON_HOLD)),
    ESCALATE("escalate", active()),
    RESOLVE("resolve", EnumSet.of(ASSIGNED, IN_PROGRESS)),
    VERIFY("verify", EnumSet.of(RESOLVED)),
    CLOSE("close", EnumSet.of(RESOLVED)),
    REOPEN("reopen", EnumSet.of(RESOLVED, CLOSED)),
    CANCEL("cancel", active());

    private final String label;
    private final Set<IssueStatus> allowedFrom;

    Verb(String label, Set<IssueStatus> allowedFrom) {
        this.label = label;
        this.allowedFrom = allowedFrom;
    }

    String label() {
        return label;
    }

    Set<IssueStatus> allowedFrom() {
        return allowedFrom;
    }

    boolean allowedIn(IssueStatus status) {
        return allowedFrom.contains(status);
    }

    /** The states in which work on the issue is still going on. */
    private static EnumSet<IssueStatus> active() {
        return EnumSet.of(OPEN, ASSIGNED, IN_PROGRESS, ON_HOLD);
    }

    private static EnumSet<IssueStatus> with(EnumSet<IssueStatus> states, IssueStatus extra) {
        states.add(extra);
        return states;
    }
}
