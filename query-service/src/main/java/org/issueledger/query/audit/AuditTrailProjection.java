package org.issueledger.query.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every event as one row, whatever its type: the trail stores facts, it does not interpret them,
 * so it needs no per-type dispatch. The event id makes a redelivered event a no-op.
 */
@Component
class AuditTrailProjection implements Projection {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditTrailProjection(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final ReadModel TABLES = ReadModel.of("audit", "audit_entry");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    @Override
    public void apply(ConsumedEvent event) {
        // Conflict target named on purpose: a different event at an already taken (issue, sequence) must fail
        // and be dead-lettered, not vanish.
        jdbc.sql("""
                        INSERT INTO audit_entry (event_id, issue_id, sequence, global_position, type, version, actor,
                                                 occurred_at, recorded_at, correlation_id, source_system,
                                                 metadata, payload)
                        VALUES (:eventId, :issueId, :sequence, :globalPosition, :type, :version, :actor,
                                :occurredAt, :recordedAt, :correlationId, :sourceSystem,
                                CAST(:metadata AS jsonb), CAST(:payload AS jsonb))
                        ON CONFLICT (event_id) DO NOTHING
                        """)
                .param("eventId", event.eventId())
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .param("globalPosition", event.globalPosition())
                .param("type", event.type().wireName())
                .param("version", event.version())
                .param("actor", event.actor())
                .param("occurredAt", utc(event.occurredAt()))
                .param("recordedAt", utc(event.recordedAt()))
                .param("correlationId", event.correlationId())
                .param("sourceSystem", event.sourceSystem())
                .param("metadata", json.writeValueAsString(event.metadata()))
                .param("payload", event.payloadJson())
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
