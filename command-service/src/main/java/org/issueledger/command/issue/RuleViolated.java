package org.issueledger.command.issue;

/** The command is well-formed and the state allows the verb, but a business rule refuses it (HTTP 422). */
class RuleViolated extends CommandRefused {

    RuleViolated(String message) {
        super(message);
    }
}
