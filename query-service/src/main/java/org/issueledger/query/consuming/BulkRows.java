package org.issueledger.query.consuming;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.issueledger.events.InstantText;

/**
 * Many rows as one statement's parameters: one PostgreSQL array literal per column, for
 * {@code SELECT … FROM unnest(CAST(:a AS uuid[]), CAST(:b AS text[]), …)}. A batch then writes a table with one
 * statement (one round trip, one plan, one pass over its indexes) instead of one statement per row: that, not the
 * disk, is what bounded the projections at about a thousand events a second.
 *
 * <p>Values are sent as text and cast by PostgreSQL, as JDBC would send them: {@link java.util.UUID}, strings,
 * numbers, booleans, {@link java.time.LocalDate}, {@link Instant} and {@link OffsetDateTime} (as UTC) — {@code null}
 * stays NULL.
 */
public final class BulkRows {

    private final String[] columns;
    private final List<StringBuilder> literals;
    private int size;

    public BulkRows(String... columns) {
        this.columns = columns.clone();
        this.literals = new ArrayList<>(columns.length);
        for (int i = 0; i < columns.length; i++) {
            literals.add(new StringBuilder("{"));
        }
    }

    /** One row, its values in the order the columns were named. */
    public void add(Object... values) {
        if (values.length != columns.length) {
            throw new IllegalArgumentException("expected " + columns.length + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            StringBuilder literal = literals.get(i);
            if (size > 0) {
                literal.append(',');
            }
            append(literal, values[i]);
        }
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public int size() {
        return size;
    }

    /** The named parameters: each column's array literal under the column's name. */
    public Map<String, Object> params() {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < columns.length; i++) {
            params.put(columns[i], literals.get(i).toString() + "}");
        }
        return params;
    }

    /**
     * One array literal of the given values, e.g. for {@code WHERE issue_id IN (SELECT unnest(CAST(:ids AS uuid[])))}.
     * Written as a join with {@code unnest}, not as {@code = ANY (:ids)}: once prepared, PostgreSQL may plan the latter
     * as a sequential scan comparing every row with every element of the array, which on a rebuild's fresh tables
     * (no statistics yet) stalled a batch of 5,000 for minutes; the join looks each element up in the index.
     */
    public static String array(Collection<?> values) {
        StringBuilder literal = new StringBuilder("{");
        boolean first = true;
        for (Object value : values) {
            if (!first) {
                literal.append(',');
            }
            append(literal, value);
            first = false;
        }
        return literal.append('}').toString();
    }

    private static void append(StringBuilder literal, Object value) {
        if (value == null) {
            literal.append("NULL");
            return;
        }
        String text = value instanceof Instant instant ? InstantText.of(instant)
                : value instanceof OffsetDateTime time ? InstantText.of(time.toInstant())
                : value.toString();
        // Quoted always: the only way a text that reads "NULL", is empty, or holds a comma or brace stays itself.
        literal.append('"');
        // Most values (ids, instants, names) hold neither character: copied whole after two vectorised scans.
        if (text.indexOf('"') < 0 && text.indexOf('\\') < 0) {
            literal.append(text).append('"');
            return;
        }
        // Runs between the characters to escape are copied whole: character by character this loop was a fifth of
        // a rebuild's CPU.
        int run = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                literal.append(text, run, i).append('\\');
                run = i;
            }
        }
        literal.append(text, run, text.length()).append('"');
    }
}
