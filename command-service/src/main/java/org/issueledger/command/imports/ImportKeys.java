package org.issueledger.command.imports;

import java.sql.Array;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

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

    /**
     * For each of {@code issues} an earlier run stored commands of: the highest index of the source events
     * ({@code case#index}) its stored events came from. The highest, not the latest event's: an SLA timer's event may
     * carry the source event of the command that set the timer. One query per batch; an issue the store does not hold
     * is not in the answer.
     */
    Map<UUID, Integer> lastSourceEvents(Collection<UUID> issues) {
        Map<UUID, Integer> last = new HashMap<>();
        if (issues.isEmpty()) {
            return last;
        }
        jdbc.query(connection -> {
            var statement = connection.prepareStatement("""
                    select aggregate_identifier,
                           max(substring(convert_from(meta_data, 'UTF8')::jsonb ->> ? from '#([0-9]+)$')::int)
                      from domain_event_entry
                     where aggregate_identifier = any(?)
                     group by aggregate_identifier""");
            statement.setString(1, ImportMetadata.SOURCE_EVENT);
            statement.setArray(2, connection.createArrayOf("varchar", issues.stream().map(UUID::toString).toArray()));
            return statement;
        }, row -> {
            int index = row.getInt(2);
            if (!row.wasNull()) {
                last.put(UUID.fromString(row.getString(1)), index);
            }
        });
        return last;
    }

    /** @param rows key, fingerprint, issue id, command id; a key recorded concurrently fails the transaction */
    void record(List<Object[]> rows) {
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("insert into command_idempotency (idempotency_key, request_fingerprint, issue_id, command_id)"
                    + " values (?, ?, ?, ?)", rows);
        }
    }
}
