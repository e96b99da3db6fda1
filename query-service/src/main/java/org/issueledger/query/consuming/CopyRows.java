package org.issueledger.query.consuming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.issueledger.events.InstantText;

/**
 * Many rows appended to one table with {@code COPY … FROM STDIN}: the cheapest way into PostgreSQL, with no
 * statement to plan, no array literal to build here and to parse there, and each value read by its column's type
 * input function straight from the text. For the audit trail, whose rows are the widest (the whole payload) and were
 * the larger part of every batch's time when written as {@code INSERT … SELECT FROM unnest}.
 *
 * <p>The COPY runs on the connection of the caller's transaction (Spring's, bound to the thread), so its rows commit
 * or roll back with everything else of the batch, the stored offsets included. COPY knows no {@code ON CONFLICT}:
 * the caller leaves out the rows that are stored already, and a row that still collides fails the whole COPY with a
 * unique violation — a {@link org.springframework.dao.DataIntegrityViolationException}, as from an INSERT, so the
 * consumer's fallback applies the batch's records one by one and finds the one at fault.
 *
 * <p>Values in PostgreSQL's text format: {@link java.util.UUID}, strings, numbers, booleans and {@link Instant}
 * as their text; {@code null} as {@code \N}.
 */
public final class CopyRows {

    private final String sql;
    private final int columns;
    private final StringBuilder text = new StringBuilder(8192);
    private int size;

    public CopyRows(String table, String... columns) {
        this.sql = "COPY " + table + " (" + String.join(", ", columns) + ") FROM STDIN";
        this.columns = columns.length;
    }

    /** One row, its values in the order the columns were named. */
    public void add(Object... values) {
        if (values.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append('\t');
            }
            append(values[i]);
        }
        text.append('\n');
        size++;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Appends the rows in the current transaction; returns how many PostgreSQL stored. */
    public long copyInto(JdbcTemplate jdbc) {
        if (size == 0) {
            return 0;
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn(sql, new ByteArrayInputStream(bytes));
            } catch (IOException e) {
                // Only from reading our own byte array, which cannot fail; kept as what it would mean.
                throw new SQLException("COPY input could not be read", e);
            }
        });
        return copied == null ? 0 : copied;
    }

    private void append(Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String string = value instanceof Instant instant ? InstantText.of(instant) : value.toString();
        // Most values (a JSON document is one line, its backslashes rare) need no escaping: copied whole, after four
        // vectorised scans, rather than looked at character by character (the audit trail's rows are ~800 of them).
        if (string.indexOf('\\') < 0 && string.indexOf('\t') < 0 && string.indexOf('\n') < 0
                && string.indexOf('\r') < 0) {
            text.append(string);
            return;
        }
        // Runs between the characters to escape are copied whole.
        int run = 0;
        for (int i = 0; i < string.length(); i++) {
            char c = string.charAt(i);
            String escaped = switch (c) {
                case '\\' -> "\\\\";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (escaped != null) {
                text.append(string, run, i).append(escaped);
                run = i + 1;
            }
        }
        text.append(string, run, string.length());
    }
}
