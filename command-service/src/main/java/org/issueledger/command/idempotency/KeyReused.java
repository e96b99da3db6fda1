package org.issueledger.command.idempotency;

/** The sender reused an Idempotency-Key for a different request (HTTP 422). */
public class KeyReused extends RuntimeException {

    KeyReused(String key) {
        super("Idempotency-Key " + key + " was already used for a different request", null, false, false);
    }
}
