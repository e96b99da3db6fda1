package org.issueledger.command.issue;

import java.util.UUID;

import org.issueledger.events.issue.IssueStatus;

/** The verb is not allowed in the issue's current state (HTTP 409). */
class IllegalTransition extends CommandRefused {

    IllegalTransition(UUID issueId, IssueStatus status, Verb verb) {
        super("Issue " + issueId + " is " + status + ": cannot " + verb.label()
                + " (allowed from " + verb.allowedFrom() + ")");
    }

    IllegalTransition(UUID issueId, IssueStatus status, Verb verb, String why) {
        super("Issue " + issueId + " is " + status + ": cannot " + verb.label() + " (" + why + ")");
    }
}
