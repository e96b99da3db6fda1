package org.issueledger.command.web;

/** A request header that cannot be accepted (HTTP 400). */
class InvalidHeader extends RuntimeException {

    private final String header;

    InvalidHeader(String header, String problem) {
        super("Header " + header + " " + problem, null, false, false);
        this.header = header;
    }

    String header() {
        return header;
    }
}
