package org.issueledger.query.consuming;

/** A record that is not an event this service understands; it goes to {@code dead_letter}. */
public final class UnreadableRecord extends Exception {

    UnreadableRecord(String message) {
        super(message);
    }

    UnreadableRecord(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
