package org.issueledger.query.consuming;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionException;

/** Tells a record's own fault from an outage when applying it failed. */
public final class RecordFaults {

    private RecordFaults() {
    }

    /**
     * Retrying cannot help with a constraint violation or a bug in a projection, but it does with a lost
     * connection or a lock timeout: only the former are the record's fault and may set it aside.
     */
    public static boolean causedByTheRecord(RuntimeException e) {
        return e instanceof DataIntegrityViolationException
                || !(e instanceof DataAccessException || e instanceof TransactionException);
    }
}
