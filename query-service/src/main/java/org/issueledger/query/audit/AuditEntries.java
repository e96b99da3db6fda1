package org.issueledger.query.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads the audit trail. */
@Component
class AuditEntries {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditEntries(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The issue's events in the order they happened to it. */
    List<AuditEntry> ofIssue(UUID issueId) {
        return jdbc.sql("""
                        SELECT event_id, sequence, global_position, type, version, actor, occurred_at, recorded_at,
                               correlation_id, source_system, metadata, payload
                          FROM audit_entry
                         WHERE issue_id = :issueId
                         ORDER BY sequence
                        """)
                .param("issueId", issueId)
                .query((rs, row) -> map(rs))
                .list();
    }

    private AuditEntry map(ResultSet rs) throws SQLException {
        return new AuditEntry(
                rs.getObject("event_id", UUID.class),
                rs.getLong("sequence"),
                rs.getLong("global_position"),
                rs.getString("type"),
                rs.getInt("version"),
                rs.getString("actor"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant(),
                rs.getString("correlation_id"),
                rs.getString("source_system"),
                json.readTree(rs.getString("metadata")),
                json.readTree(rs.getString("payload")));
    }
}
