package org.issueledger.query.consuming;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Orders batch transactions against a rebuild's swap, across every instance on this database. A batch
 * holds the lock shared, so batches of different instances still run side by side; the swap holds it
 * exclusively, so when it compares its position with the stored offsets no batch is half-way and none can
 * start until the fresh tables are in place.
 */
@Component
public class ReadModelLock {

    // An arbitrary constant: PostgreSQL advisory locks are named by a number.
    private static final long KEY = 0x155E_D6E4_0000_0001L;

    private final JdbcClient jdbc;

    ReadModelLock(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** For the transaction of a batch; released when it ends. */
    void holdForBatch() {
        jdbc.sql("SELECT pg_advisory_xact_lock_shared(:key)").param("key", KEY).query().listOfRows();
    }

    /** For the transaction of a swap; released when it ends. */
    public void holdForSwap() {
        jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", KEY).query().listOfRows();
    }
}
