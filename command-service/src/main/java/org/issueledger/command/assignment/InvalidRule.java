package org.issueledger.command.assignment;

/** A rule the book refuses: incomplete, contradictory, or unknown (HTTP 422 / 404). Nothing was appended. */
class InvalidRule extends RuntimeException {

    private final boolean unknown;

    private InvalidRule(String message, boolean unknown) {
        super(message, null, false, false);
        this.unknown = unknown;
    }

    static InvalidRule because(String message) {
        return new InvalidRule(message, false);
    }

    static InvalidRule unknown(Object ruleId) {
        return new InvalidRule("No assignment rule with id " + ruleId, true);
    }

    boolean unknown() {
        return unknown;
    }
}
