package org.issueledger.query.deadletters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Reads the {@code dead_letter} table for operators; the consumer alone writes it. */
@Component
class DeadLetterList {

    private static final String COLUMNS = """
            id, topic, partition, record_offset, record_key, state, error, waiting_behind, attempts,
            dead_lettered_at, resolved_at, headers::text AS headers, raw_value
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeadLetterList(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Oldest first: the order the records came in, and for one issue the order they will be applied in. */
    DeadLetterPage page(String issueId, List<String> states, int page, int size) {
        String where = " WHERE (CAST(:key AS text) IS NULL OR record_key = :key)"
                + (states.isEmpty() ? "" : " AND state IN (:states)");
        var count = jdbc.sql("SELECT count(*) FROM dead_letter" + where).param("key", issueId);
        var rows = jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter" + where + " ORDER BY id LIMIT :size OFFSET :skip")
                .param("key", issueId)
                .param("size", size)
                .param("skip", (long) page * size);
        if (!states.isEmpty()) {
            count = count.param("states", states);
            rows = rows.param("states", states);
        }
        long total = count.query(Long.class).single();
        return new DeadLetterPage(rows.query((rs, row) -> letter(rs)).list(), page, size, total);
    }

    Optional<DeadLetter> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE id = :id")
                .param("id", id)
                .query((rs, row) -> letter(rs))
                .optional();
    }

    /** Unresolved dead letters per state, for the metrics. */
    Map<String, Long> openCounts() {
        Map<String, Long> counts = new java.util.HashMap<>(Map.of("DEAD", 0L, "HELD", 0L));
        jdbc.sql("SELECT state, count(*) AS n FROM dead_letter WHERE state IN ('DEAD', 'HELD') GROUP BY state")
                .query((rs, row) -> counts.put(rs.getString("state"), rs.getLong("n")))
                .list();
        return counts;
    }

    @SuppressWarnings("unchecked")
    private DeadLetter letter(java.sql.ResultSet rs) throws java.sql.SQLException {
        Map<String, String> headers = json.readValue(rs.getString("headers"), Map.class);
        byte[] raw = rs.getBytes("raw_value");
        return new DeadLetter(rs.getLong("id"), rs.getString("record_key"), rs.getString("state"),
                rs.getString("error"), rs.getObject("waiting_behind", Long.class), rs.getInt("attempts"),
                headers.get("event-type"), headers.get("issue-sequence"),
                rs.getString("topic"), rs.getInt("partition"), rs.getLong("record_offset"),
                instant(rs.getObject("dead_lettered_at", OffsetDateTime.class)),
                instant(rs.getObject("resolved_at", OffsetDateTime.class)),
                headers, raw == null ? null : new String(raw, StandardCharsets.UTF_8));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /**
     * One dead letter as operators see it.
     *
     * @param issueId       the record's key: the issue whose later records wait behind it
     * @param waitingBehind for a HELD record, the dead letter it waits behind
     * @param value         the record's value as text, for inspection (the bytes are kept as they came)
     */
    record DeadLetter(long id, String issueId, String state, String error, Long waitingBehind, int attempts,
                      String eventType, String issueSequence, String topic, int partition, long offset,
                      Instant deadLetteredAt, Instant resolvedAt, Map<String, String> headers, String value) {
    }

    record DeadLetterPage(List<DeadLetter> items, int page, int size, long total) {
    }

    static boolean isIssueId(String value) {
        try {
            UUID.fromString(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
