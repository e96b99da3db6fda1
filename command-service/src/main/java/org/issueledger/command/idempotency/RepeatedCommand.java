package org.issueledger.command.idempotency;

/** A command with this idempotency key was accepted concurrently; this one must append nothing. */
class RepeatedCommand extends RuntimeException {

    RepeatedCommand(String key) {
        super("A command with Idempotency-Key " + key + " was already accepted", null, false, false);
    }
}
