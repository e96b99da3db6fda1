package org.issueledger.query.audit;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV record by record: quoted fields may hold commas, doubled quotes and line breaks; records end
 * in CRLF (or LF). Reads from a stream, so a large export is checked without holding it.
 */
final class CsvReader {

    private final Reader in;
    private int next;

    CsvReader(Reader in) {
        this.in = in;
        this.next = read();
    }

    /** The next record's fields, or null at the end. */
    List<String> next() {
        if (next == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        while (true) {
            int c = next;
            next = read();
            if (quoted) {
                if (c == -1) {
                    throw new IllegalStateException("Unterminated quoted field: " + field);
                } else if (c == '"' && next == '"') {
                    field.append('"');
                    next = read();
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.length() == 0) {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else if (c == '\r' && next == '\n') {
                continue;
            } else if (c == '\n' || c == -1) {
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
        }
    }

    static List<List<String>> all(String csv) {
        CsvReader reader = new CsvReader(new java.io.StringReader(csv));
        List<List<String>> records = new ArrayList<>();
        for (List<String> record = reader.next(); record != null; record = reader.next()) {
            records.add(record);
        }
        return records;
    }

    private int read() {
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
