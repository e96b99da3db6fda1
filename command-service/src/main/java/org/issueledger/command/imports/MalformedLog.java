package org.issueledger.command.imports;

/**
 * The file cannot be read on from here (broken XML, truncated gzip, a header without the mapped columns).
 * Everything before {@code position} that was read whole has been imported; nothing of the broken record.
 */
final class MalformedLog extends RuntimeException {

    private final String position;

    MalformedLog(String position, String message, Throwable cause) {
        super(position + ": " + message, cause, false, false);
        this.position = position;
    }

    String position() {
        return position;
    }
}
