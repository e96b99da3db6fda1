package org.issueledger.query.audit;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.issueledger.query.consuming.BinaryCopyRows.Column.bigint;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.integer;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.text;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.timestamptz;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.uuid;

import org.issueledger.query.consuming.BinaryCopyRows;
import org.issueledger.query.consuming.BulkRows;
import org.issueledger.query.consuming.ConsumedEvent;
import org.issueledger.query.consuming.Projection;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.jdbc.core.JdbcTemplate;
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
 * <p>A batch is folded in memory: the states of its issues and which of its events are stored already are read
 * with one query each; the entries are then appended with one COPY, and each issue's state written once.
 *
 * <p>Idempotent twice over: a redelivered event is found in its (issue, sequence) slot, the table's key, and left
 * out (also a repeat within a batch, by its event id), and an event folds into the issue's fields only when its sequence is past the last one folded. An event that arrives
 * after a later one of its issue (possible only if the upstream order broke) is still kept, but its changes are
 * NULL: the fields before it are no longer known. After a gap (an event dead-lettered upstream) the next event's
 * before values are those the trail last saw.
 */
@Component
class AuditTrailProjection implements Projection {

    private static final TypeReference<LinkedHashMap<String, Object>> FIELDS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final JsonMapper json;

    AuditTrailProjection(JdbcClient jdbc, JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = jdbc;
        this.jdbcTemplate = jdbcTemplate;
        this.json = json;
    }

    // audit_entry is only appended to, by COPY: kept logged in a replay, it is written to the WAL once, as appended,
    // instead of copied whole again (and its primary key rebuilt) by SET LOGGED at the end.
    private static final ReadModel TABLES = ReadModel.of("audit", "audit_entry", "audit_issue_state")
            .keptLoggedInReplay("audit_entry");

    @Override
    public ReadModel readModel() {
        return TABLES;
    }

    @Override
    public void applyAll(List<ConsumedEvent> batch) {
        Map<UUID, FoldedSoFar> states = states(batch);
        Set<UUID> stored = storedAlready(batch, states);
        Map<UUID, FoldedSoFar> moved = new LinkedHashMap<>();
        BinaryCopyRows entries = new BinaryCopyRows("audit_entry", uuid("event_id"), uuid("issue_id"),
                bigint("sequence"), bigint("global_position"), text("type"), integer("version"), text("actor"),
                timestamptz("occurred_at"), timestamptz("recorded_at"), text("correlation_id"), text("source_system"),
                text("metadata"), text("payload"), text("changes"), text("team"), text("lifecycle_transition"));
        for (ConsumedEvent event : batch) {
            FoldedSoFar state = states.get(event.issueId());
            boolean inOrder = state == null || event.sequence() > state.lastSequence();
            IssueFields fields = state == null ? IssueFields.none() : state.fields();
            IssueFields.Applied applied;
            if (inOrder) {
                if (!stored.add(event.eventId())) {
                    continue; // a redelivery (the same event id at a later sequence)
                }
                // Folded into the issue's fields themselves: they become the state after this event just below.
                applied = fields.applyHere(event.payload());
            } else {
                // Late: the issue's fields stay as they are.
                applied = fields.apply(event.payload());
                if (!stored.add(event.eventId())) {
                    continue; // a redelivery
                }
            }
            entries.add(event.eventId(), event.issueId(), event.sequence(), event.globalPosition(),
                    event.type().wireName(), event.version(), event.actor(), event.occurredAt(), event.recordedAt(),
                    event.correlationId(), event.sourceSystem(),
                    event.metadataText() != null ? event.metadataText() : json.writeValueAsString(event.metadata()),
                    event.payloadText(), inOrder ? FieldsJson.changes(applied.changes(), json) : null,
                    applied.after().team(), applied.transition().wireName());
            if (inOrder) {
                FoldedSoFar folded = new FoldedSoFar(event.sequence(), applied.after());
                states.put(event.issueId(), folded);
                moved.put(event.issueId(), folded);
            }
        }
        // Appended with COPY, in this transaction. No ON CONFLICT there: the rows stored already were left out above,
        // and a different event at an already taken (issue, sequence) fails the COPY, to be dead-lettered, not to
        // vanish.
        entries.copyInto(jdbcTemplate);
        saveStates(moved);
    }

    private Map<UUID, FoldedSoFar> states(List<ConsumedEvent> batch) {
        Map<UUID, FoldedSoFar> states = new HashMap<>();
        jdbc.sql("""
                        SELECT issue_id, last_sequence, fields FROM audit_issue_state
                         WHERE issue_id IN (SELECT unnest(CAST(:ids AS uuid[])))
                        """)
                .param("ids", BulkRows.array(batch.stream().map(ConsumedEvent::issueId).distinct().toList()))
                .query((rs, row) -> Map.entry(rs.getObject("issue_id", UUID.class),
                        new FoldedSoFar(rs.getLong("last_sequence"),
                                new IssueFields(json.readValue(rs.getString("fields"), FIELDS)))))
                .list()
                .forEach(entry -> states.put(entry.getKey(), entry.getValue()));
        return states;
    }

    /**
     * The events of the batch stored already. Only one at or before its issue's last folded sequence can be: an event
     * is stored either folded (which moves the issue's last sequence past it) or, arriving late, at or before that
     * sequence. So only those are looked up, by the (issue, sequence) slot they would take: an in-order event (nearly
     * every one) costs no lookup. A different event found in the slot is not counted as stored, so the COPY still
     * fails on it, to be dead-lettered.
     */
    private Set<UUID> storedAlready(List<ConsumedEvent> batch, Map<UUID, FoldedSoFar> states) {
        BulkRows slots = new BulkRows("issue_id", "sequence");
        for (ConsumedEvent event : batch) {
            FoldedSoFar state = states.get(event.issueId());
            if (state != null && event.sequence() <= state.lastSequence()) {
                slots.add(event.issueId(), event.sequence());
            }
        }
        if (slots.isEmpty()) {
            return new HashSet<>();
        }
        return new HashSet<>(jdbc.sql("""
                        SELECT e.event_id
                          FROM unnest(CAST(:issue_id AS uuid[]), CAST(:sequence AS bigint[])) AS s (issue_id, sequence)
                          JOIN audit_entry e ON e.issue_id = s.issue_id AND e.sequence = s.sequence
                        """)
                .params(slots.params())
                .query(UUID.class)
                .list());
    }

    private void saveStates(Map<UUID, FoldedSoFar> moved) {
        if (moved.isEmpty()) {
            return;
        }
        BulkRows rows = new BulkRows("issue_id", "last_sequence", "fields");
        moved.forEach((issueId, folded) -> rows.add(issueId, folded.lastSequence(),
                FieldsJson.fields(folded.fields().values(), json)));
        jdbc.sql("""
                        INSERT INTO audit_issue_state (issue_id, last_sequence, fields)
                        SELECT issue_id, last_sequence, CAST(fields AS json)
                          FROM unnest(CAST(:issue_id AS uuid[]), CAST(:last_sequence AS bigint[]),
                                      CAST(:fields AS text[])) AS s (issue_id, last_sequence, fields)
                        ON CONFLICT (issue_id) DO UPDATE SET last_sequence = excluded.last_sequence,
                                                             fields = excluded.fields
                        """)
                .params(rows.params())
                .update();
    }

    private record FoldedSoFar(long lastSequence, IssueFields fields) {
    }
}
