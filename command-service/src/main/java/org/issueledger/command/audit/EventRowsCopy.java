package org.issueledger.command.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The rows of one append, in the form of {@code COPY … FROM STDIN (FORMAT binary)}: each value as its column's binary
 * input — text and {@code varchar} as their UTF-8 bytes, {@code bigint} as eight bytes, {@code bytea} as the bytes
 * themselves — so PostgreSQL stores exactly what the {@code INSERT} it replaces stored for the same values. The
 * global index is left to its sequence, as the {@code INSERT} left it.
 */
final class EventRowsCopy {

    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final int COLUMNS = 9;

    private final String sql;
    private byte[] buffer = new byte[16 * 1024];
    private int size;

    /** @param schema the store's columns; Axon's {@code domainEventFields()} names the nine in the order of {@link #add} */
    EventRowsCopy(EventSchema schema) {
        sql = "COPY " + schema.domainEventTable() + " (" + schema.domainEventFields() + ") FROM STDIN (FORMAT binary)";
        write(SIGNATURE, SIGNATURE.length);
        int32(0); // flags: no OIDs
        int32(0); // no header extension
    }

    /** One row, its values in the order of Axon's {@code INSERT}; only the revision may be null. */
    void add(String eventId, String aggregateId, long sequence, String type, String timestamp, String payloadType,
             String payloadRevision, byte[] payload, byte[] metadata) {
        int16(COLUMNS);
        text(eventId);
        text(aggregateId);
        int32(8);
        int64(sequence);
        text(type);
        text(timestamp);
        text(payloadType);
        text(payloadRevision);
        bytes(payload);
        bytes(metadata);
    }

    /** Sends the rows on the connection, in its transaction; a row that collides fails them all. */
    void copyInto(Connection connection) throws SQLException {
        int16(-1); // the end of the rows
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(buffer, 0, size);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void text(String value) {
        bytes(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private void bytes(byte[] value) {
        if (value == null) {
            int32(-1);
            return;
        }
        int32(value.length);
        write(value, value.length);
    }

    private void write(byte[] bytes, int length) {
        ensure(length);
        System.arraycopy(bytes, 0, buffer, size, length);
        size += length;
    }

    private void int16(int value) {
        ensure(2);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    private void int32(int value) {
        ensure(4);
        buffer[size++] = (byte) (value >>> 24);
        buffer[size++] = (byte) (value >>> 16);
        buffer[size++] = (byte) (value >>> 8);
        buffer[size++] = (byte) value;
    }

    private void int64(long value) {
        int32((int) (value >>> 32));
        int32((int) value);
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
