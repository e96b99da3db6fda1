package org.issueledger.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit trail: one issue's, a filtered page across issues, or a time range streamed row by row. */
@Component
class AuditEntries {

    private static final String SELECT = """
            SELECT event_id, issue_id, sequence, global_position, type, version, actor, team, occurred_at, recorded_at,
                   source_system, correlation_id, lifecycle_transition, changes, metadata, payload
              FROM audit_entry
            """;
    /** Rows per round trip of a streamed read: enough to keep the connection busy, few enough to hold in memory. */
    private static final int FETCH_SIZE = 500;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final TransactionTemplate readOnly;

    AuditEntries(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.json = json;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
    }

    /** The issue's events in the order they happened to it. */
    List<AuditEntry> ofIssue(UUID issueId) {
        return jdbc.sql(SELECT + " WHERE issue_id = :issueId ORDER BY sequence")
                .param("issueId", issueId)
                .query((rs, row) -> map(rs))
                .list();
    }

    List<AuditEntry> page(AuditQuery query) {
        return jdbc.sql(SELECT + query.where() + " ORDER BY occurred_at, issue_id, sequence LIMIT :limit OFFSET :offset")
                .params(query.parameters())
                .query((rs, row) -> map(rs))
                .list();
    }

    /**
     * Matching entries, counted up to one more than {@link AuditQuery#MAX_RESULTS}. The limit is a literal, not a
     * parameter: PostgreSQL's generic plan for a prepared statement does not know a parameter's value and would
     * plan for counting the whole table.
     */
    long count(AuditQuery query) {
        return jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM audit_entry %s LIMIT %d) matching"
                        .formatted(query.where(), AuditQuery.MAX_RESULTS + 1))
                .params(query.parameters())
                .query(Long.class)
                .single();
    }

    /**
     * Hands every entry of the range to {@code action} as it comes off the database, by issue then sequence. The
     * PostgreSQL driver reads through a cursor, {@value #FETCH_SIZE} rows at a time, only inside a transaction with
     * a fetch size: without either it would load the whole result first.
     */
    void forEachInRange(ExportRange range, Consumer<AuditEntry> action) {
        readOnly.executeWithoutResult(status -> jdbc.sql(SELECT + """
                         WHERE occurred_at >= :from AND occurred_at < :to
                         ORDER BY issue_id, sequence
                        """)
                .param("from", AuditParameters.utc(range.from()))
                .param("to", AuditParameters.utc(range.to()))
                .withFetchSize(FETCH_SIZE)
                .query((RowCallbackHandler) rs -> action.accept(map(rs))));
    }

    private AuditEntry map(ResultSet rs) throws SQLException {
        JsonNode metadata = json.readTree(rs.getString("metadata"));
        String changes = rs.getString("changes");
        return new AuditEntry(
                rs.getObject("event_id", UUID.class),
                rs.getObject("issue_id", UUID.class),
                rs.getLong("sequence"),
                rs.getLong("global_position"),
                rs.getString("type"),
                rs.getInt("version"),
                rs.getString("actor"),
                rs.getString("team"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("source_system"),
                rs.getString("correlation_id"),
                rs.getString("lifecycle_transition"),
                changes == null ? null : json.readTree(changes),
                text(metadata, AuditEntry.HASH),
                text(metadata, AuditEntry.PREVIOUS_HASH),
                metadata,
                json.readTree(rs.getString("payload")));
    }

    private static String text(JsonNode metadata, String key) {
        JsonNode value = metadata.get(key);
        return value == null || value.isNull() ? null : value.asString();
    }
}
