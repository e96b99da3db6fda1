package org.issueledger.command.imports;

import java.sql.Array;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The importer's idempotency keys, in the table REST commands use ({@code command_idempotency}): the same
 * rows, the same SHA-256 request fingerprint, written in the transaction that appends the commands'
 * events. Where the REST edge reads and writes one key per command, an import reads the keys of a whole
 * batch in one query and writes them in one batch — the difference between a bulk path and a loop.
 * A key already there means the command was accepted before: it is not sent again.
 */
@Component
class ImportKeys {

    private final JdbcTemplate jdbc;

    ImportKeys(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @return the keys among {@code keys} already recorded, with their request fingerprints */
    Map<String, String> usedBefore(Collection<String> keys) {
        Map<String, String> used = new HashMap<>();
        if (keys.isEmpty()) {
            return used;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement(
                    "select idempotency_key, request_fingerprint from command_idempotency where idempotency_key = any(?)");
            Array array = connection.createArrayOf("varchar", keys.toArray());
            statement.setArray(1, array);
            return statement;
        }, row -> {
            used.put(row.getString(1), row.getString(2));
        });
        return used;
    }

    /** @param rows key, fingerprint, issue id, command id; a key recorded concurrently fails the transaction */
    void record(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into command_idempotency (idempotency_key, request_fingerprint, issue_id, command_id)"
                    + " values (?, ?, ?, ?)", rows);
        }
    }
}
