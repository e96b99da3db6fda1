package org.issueledger.query.consuming;

import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.TransactionException;

/** Tells a record's own fault from an outage when applying it failed, and finds the record at fault. */
public final class RecordFaults {

    private static final Logger log = LoggerFactory.getLogger(RecordFaults.class);

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

    /**
     * Applies {@code batch} with {@code apply} (one transaction). When one of its records is at fault, PostgreSQL
     * has aborted the whole transaction: each record is then applied alone, and every one refused again goes to
     * {@code refused} with its failure. This slow path only runs for the batch that hit it. An outage is rethrown.
     */
    public static <T> void applyFindingFaults(List<T> batch, Consumer<List<T>> apply,
                                              BiConsumer<T, RuntimeException> refused) {
        try {
            apply.accept(batch);
        } catch (RuntimeException e) {
            if (!causedByTheRecord(e)) {
                throw e;
            }
            log.warn("A batch of {} records failed on one of its records; applying them one by one", batch.size(), e);
            for (T record : batch) {
                try {
                    apply.accept(List.of(record));
                } catch (RuntimeException alone) {
                    if (!causedByTheRecord(alone)) {
                        throw alone;
                    }
                    refused.accept(record, alone);
                }
            }
        }
    }
}
