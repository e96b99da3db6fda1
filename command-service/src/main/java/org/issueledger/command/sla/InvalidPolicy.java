package org.issueledger.command.sla;

/** A policy version that cannot be measured against (HTTP 422): nothing is recorded. */
class InvalidPolicy extends RuntimeException {

    InvalidPolicy(String message) {
        super(message, null, false, false);
    }
}
