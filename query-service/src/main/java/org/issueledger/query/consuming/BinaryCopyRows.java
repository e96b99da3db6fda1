package org.issueledger.query.consuming;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.InstantText;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Many rows appended to one table with {@code COPY … FROM STDIN (FORMAT binary)}: as {@link CopyRows}, but every
 * value is sent in its column type's binary form, so PostgreSQL neither scans each row's text twice (for the end of
 * the line, then for delimiters and escapes) nor parses uuids, numbers and timestamps from text. For the audit
 * trail, one ~1 kB row per event: its COPY was the largest statement of a rebuild.
 *
 * <p>The columns are declared with their types, which must be the table's ({@code binary} input has no
 * coercion). Stores exactly what {@link CopyRows} stores for the same values: text as its UTF-8 bytes, an instant
 * as the microseconds PostgreSQL reads from its text. An instant whose text PostgreSQL would round (a fraction
 * finer than microseconds) or that lies outside the years 1–9999 is not sent in binary: then the whole batch goes
 * as text, through {@link CopyRows}, so that PostgreSQL's own parser decides it as before.
 *
 * <p>As {@link CopyRows}: on the connection of the caller's transaction; a row that collides fails the whole COPY.
 */
public final class BinaryCopyRows {

    /** A column's PostgreSQL type, which decides the value's binary form. */
    public enum Type {
        UUID, BIGINT, INTEGER, TEXT, TIMESTAMPTZ
    }

    /** A column of the table, and its type. */
    public record Column(String name, Type type) {

        public static Column uuid(String name) {
            return new Column(name, Type.UUID);
        }

        public static Column bigint(String name) {
            return new Column(name, Type.BIGINT);
        }

        public static Column integer(String name) {
            return new Column(name, Type.INTEGER);
        }

        public static Column text(String name) {
            return new Column(name, Type.TEXT);
        }

        public static Column timestamptz(String name) {
            return new Column(name, Type.TIMESTAMPTZ);
        }
    }

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    /** 2000-01-01T00:00:00Z, PostgreSQL's epoch, in Unix seconds. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;
    /** 0001-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long FIRST_SECOND = -62_135_596_800L;
    private static final long END_SECOND = 253_402_300_800L;

    private final String table;
    private final Column[] columns;
    private final String sql;
    private final List<Object[]> rows = new ArrayList<>();
    private boolean textOnly;

    public BinaryCopyRows(String table, Column... columns) {
        this.table = table;
        this.columns = columns.clone();
        this.sql = "COPY " + table + " (" + String.join(", ", Arrays.stream(columns).map(Column::name).toList())
                + ") FROM STDIN (FORMAT binary)";
    }

    /** One row, its values in the order the columns were named; each of its column's type, or null. */
    public void add(Object... values) {
        if (values.length != columns.length) {
            throw new IllegalArgumentException("expected " + columns.length + " values, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Instant instant && !exactInBinary(instant)) {
                textOnly = true;
            }
        }
        rows.add(values);
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Appends the rows in the current transaction; returns how many PostgreSQL stored. */
    public long copyInto(JdbcTemplate jdbc) {
        if (rows.isEmpty()) {
            return 0;
        }
        if (textOnly) {
            CopyRows text = new CopyRows(table, Arrays.stream(columns).map(Column::name).toArray(String[]::new));
            rows.forEach(text::add);
            return text.copyInto(jdbc);
        }
        Bytes bytes = binary();
        Long copied = jdbc.execute((ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn(sql, new ByteArrayInputStream(bytes.buffer, 0, bytes.size));
            } catch (IOException e) {
                // Only from reading our own byte array, which cannot fail; kept as what it would mean.
                throw new SQLException("COPY input could not be read", e);
            }
        });
        return copied == null ? 0 : copied;
    }

    /**
     * Whether the instant's binary value is what PostgreSQL reads from its text: whole microseconds (finer
     * fractions PostgreSQL rounds, through a double) of a year with four digits.
     */
    static boolean exactInBinary(Instant instant) {
        return instant.getNano() % 1_000 == 0 && instant.getEpochSecond() >= FIRST_SECOND
                && instant.getEpochSecond() < END_SECOND;
    }

    private Bytes binary() {
        Bytes out = new Bytes(rows.size() * 1_024 + 64);
        out.write(SIGNATURE);
        out.int32(0); // flags: no OIDs
        out.int32(0); // no header extension
        for (Object[] row : rows) {
            out.int16(columns.length);
            for (int i = 0; i < columns.length; i++) {
                value(out, columns[i], row[i]);
            }
        }
        out.int16(-1);
        return out;
    }

    private static void value(Bytes out, Column column, Object value) {
        if (value == null) {
            out.int32(-1);
            return;
        }
        switch (column.type()) {
            case UUID -> {
                UUID uuid = (UUID) value;
                out.int32(16);
                out.int64(uuid.getMostSignificantBits());
                out.int64(uuid.getLeastSignificantBits());
            }
            case BIGINT -> {
                out.int32(8);
                out.int64(((Number) value).longValue());
            }
            case INTEGER -> {
                out.int32(4);
                out.int32(((Number) value).intValue());
            }
            case TIMESTAMPTZ -> {
                Instant instant = (Instant) value;
                out.int32(8);
                out.int64((instant.getEpochSecond() - POSTGRES_EPOCH_SECOND) * 1_000_000L + instant.getNano() / 1_000);
            }
            case TEXT -> {
                if (value instanceof JsonText json && json.ascii()) {
                    // The record's own bytes: exactly the text's UTF-8 (it is ASCII), without a String in between.
                    out.int32(json.length());
                    out.write(json.bytes(), json.offset(), json.length());
                    return;
                }
                String string = value instanceof Instant instant ? InstantText.of(instant) : value.toString();
                byte[] text = string.getBytes(StandardCharsets.UTF_8);
                out.int32(text.length);
                out.write(text);
            }
        }
    }

    /** A growable byte array written big-endian, as COPY's binary format wants. */
    private static final class Bytes {

        private byte[] buffer;
        private int size;

        Bytes(int capacity) {
            buffer = new byte[capacity];
        }

        void write(byte[] bytes) {
            write(bytes, 0, bytes.length);
        }

        void write(byte[] bytes, int offset, int length) {
            ensure(length);
            System.arraycopy(bytes, offset, buffer, size, length);
            size += length;
        }

        void int16(int value) {
            ensure(2);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void int32(int value) {
            ensure(4);
            buffer[size++] = (byte) (value >>> 24);
            buffer[size++] = (byte) (value >>> 16);
            buffer[size++] = (byte) (value >>> 8);
            buffer[size++] = (byte) value;
        }

        void int64(long value) {
            int32((int) (value >>> 32));
            int32((int) value);
        }

        private void ensure(int more) {
            if (size + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
            }
        }
    }
}
