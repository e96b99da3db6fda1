package org.issueledger.command.issue;

/**
 * The aggregate refused a command; nothing was appended. Unchecked, and without a stack trace: a
 * refusal is an answer, not a failure.
 */
abstract class CommandRefused extends RuntimeException {

    CommandRefused(String message) {
        super(message, null, false, false);
    }
}
