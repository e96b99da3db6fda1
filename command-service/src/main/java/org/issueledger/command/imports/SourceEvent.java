package org.issueledger.command.imports;

import java.time.Instant;

/**
 * One change read from a source log, already mapped to our fields. {@code index} is its place among its
 * case's events (0 = first) and, with the source and case id, names it for ever: the idempotency keys of
 * the commands it causes derive from it. A record the reader could not make sense of carries why in
 * {@code malformed} and is reported, never sent.
 *
 * @param position where it is in the file, for the report ("line 17" or "line 412, column 3")
 */
record SourceEvent(String caseId, int index, String position, Instant occurredAt, String state, String owner,
                   String team, String priority, String category, String actor, String reporter, String title,
                   String malformed) {

    static SourceEvent malformed(String caseId, int index, String position, String why) {
        return new SourceEvent(caseId, index, position, null, null, null, null, null, null, null, null, null, why);
    }
}
