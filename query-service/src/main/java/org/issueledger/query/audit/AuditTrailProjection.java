package org.issueledger.query.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Optional;

import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps every event as one row of {@code audit_entry}, with the fields it changed (before → after), the issue's team
 * at that event and its XES lifecycle transition, all computed here once so that no query has to fold an issue's
 * history again. The issue's fields between events live in {@code audit_issue_state}, written in the same
 * transaction.
 *
 * <p>Idempotent twice over: the event id makes a redelivered row a no-op, and an event folds into the issue's
 * fields only when its sequence is past the last one folded. An event that arrives after a later one of its issue
 * (possible only if the upstream order broke) is still kept, but its changes are NULL: the fields before it are no
 * longer known. After a gap (an event dead-lettered upstream) the next event's before values are those the trail
 * last saw.
 */
@Component
class AuditTrailProjection implements Projection {

    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditTrailProjection(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    private static final ReadModel TABLES = ReadModel.of("audit", "audit_entry", "audit_issue_state");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    @Override
    public void applyAll(List<ConsumedEvent> batch) {
        batch.forEach(this::applyOne);
    }

    private void applyOne(ConsumedEvent event) {
        Optional<FoldedSoFar> state = state(event);
        boolean inOrder = state.map(folded -> event.sequence() > folded.lastSequence()).orElse(true);
        IssueFields.Applied applied = state.map(FoldedSoFar::fields).orElseGet(IssueFields::none)
                .apply(event.payload());
        boolean stored = store(event, applied, inOrder);
        if (stored && inOrder) {
            saveState(event, applied.after());
        }
    }

    private Optional<FoldedSoFar> state(ConsumedEvent event) {
        return jdbc.sql("SELECT last_sequence, fields FROM audit_issue_state WHERE issue_id = :issueId")
                .param("issueId", event.issueId())
                .query((rs, row) -> new FoldedSoFar(rs.getLong("last_sequence"),
                        new IssueFields(json.readValue(rs.getString("fields"), FIELDS))))
                .optional();
    }

    /** @return false when the event was there already (a redelivery) */
    private boolean store(ConsumedEvent event, IssueFields.Applied applied, boolean inOrder) {
        // Conflict target named on purpose: a different event at an already taken (issue, sequence) must fail
        // and be dead-lettered, not vanish.
        return jdbc.sql("""
                        INSERT INTO audit_entry (event_id, issue_id, sequence, global_position, type, version, actor,
                                                 occurred_at, recorded_at, correlation_id, source_system,
                                                 metadata, payload, changes, team, lifecycle_transition)
                        VALUES (:eventId, :issueId, :sequence, :globalPosition, :type, :version, :actor,
                                :occurredAt, :recordedAt, :correlationId, :sourceSystem,
                                CAST(:metadata AS jsonb), CAST(:payload AS jsonb), CAST(:changes AS json),
                                :team, :lifecycleTransition)
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
                .param("changes", inOrder ? json.writeValueAsString(applied.changes()) : null)
                .param("team", applied.after().team())
                .param("lifecycleTransition", applied.transition().wireName())
                .update() == 1;
    }

    private void saveState(ConsumedEvent event, IssueFields fields) {
        jdbc.sql("""
                        INSERT INTO audit_issue_state (issue_id, last_sequence, fields)
                        VALUES (:issueId, :sequence, CAST(:fields AS json))
                        ON CONFLICT (issue_id) DO UPDATE SET last_sequence = excluded.last_sequence,
                                                             fields = excluded.fields
                        """)
                .param("issueId", event.issueId())
                .param("sequence", event.sequence())
                .param("fields", json.writeValueAsString(fields.values()))
                .update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record FoldedSoFar(long lastSequence, IssueFields fields) {
    }
}
