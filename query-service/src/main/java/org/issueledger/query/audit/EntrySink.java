package org.issueledger.query.audit;

import java.io.IOException;

/** Writes audit entries in one export format, each as it comes, straight to the response: it keeps no entries. */
interface EntrySink {

    void start() throws IOException;

    /** Entries come by issue, then sequence. */
    void write(AuditEntry entry) throws IOException;

    /** Ends the document and flushes what is buffered; the response stream stays open. */
    void finish() throws IOException;
}
