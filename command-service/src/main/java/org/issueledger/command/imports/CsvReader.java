package org.issueledger.command.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams a CSV log (RFC 4180: a header row, fields optionally in double quotes, quotes doubled inside,
 * line breaks allowed inside quotes) and groups consecutive rows of the same case. The header must have
 * every column the mapping names; a row with the wrong number of fields or an unreadable time is a
 * malformed record — reported with its line, never sent — and the import goes on. Rows are expected in
 * time order per case (an export sorted by time or by case and time); a row that goes back in time is
 * refused by the aggregate like any late command.
 */
final class CsvReader implements LogReader {

    private final BufferedReader in;
    private final ImportMapping mapping;
    private final char delimiter;
    private final Map<String, Integer> columns = new HashMap<>();
    /** events read so far per case: the next event's index */
    private final Map<String, Integer> seen = new HashMap<>();
    private int line = 1;
    private int recordLine;
    private List<String> pendingRow;
    private boolean eof;

    CsvReader(InputStream stream, ImportMapping mapping) {
        this.in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
        this.mapping = mapping;
        this.delimiter = mapping.delimiter();
        List<String> header = record();
        if (header == null) {
            throw new MalformedLog("line 1", "the file is empty; a header row naming the columns is expected", null);
        }
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip();
            columns.putIfAbsent(i == 0 ? name.replace("\uFEFF", "") : name, i);
        }
        for (String field : mapping.fields()) {
            if (!columns.containsKey(field)) {
                throw new MalformedLog("line 1", "the mapping names column '" + field + "', which the header does not have "
                        + "(it has " + header + ")", null);
            }
        }
    }

    @Override
    public SourceCase next() {
        List<SourceEvent> events = new ArrayList<>();
        String caseId = null;
        while (true) {
            List<String> row = pendingRow != null ? pendingRow : record();
            int rowLine = recordLine;
            pendingRow = null;
            if (row == null) {
                return events.isEmpty() ? null : new SourceCase(caseId, events);
            }
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue; // an empty line
            }
            String rowCase = row.size() > columns.get(mapping.caseField()) ? row.get(columns.get(mapping.caseField())).strip() : "";
            if (caseId != null && !rowCase.equals(caseId)) {
                pendingRow = row;
                recordLine = rowLine;
                return new SourceCase(caseId, events);
            }
            caseId = rowCase;
            int index = seen.merge(rowCase, 1, Integer::sum) - 1;
            String position = "line " + rowLine;
            if (rowCase.isEmpty()) {
                events.add(SourceEvent.malformed(rowCase, index, position, "no case id (" + mapping.caseField() + ")"));
            } else if (row.size() != columns.size()) {
                events.add(SourceEvent.malformed(rowCase, index, position,
                        "the row has " + row.size() + " fields, the header " + columns.size()));
            } else {
                events.add(mapping.event(rowCase, index, position, column -> row.get(columns.get(column))));
            }
        }
    }

    /** One record, possibly over several lines; null at the end of the file. */
    private List<String> record() {
        if (eof) {
            return null;
        }
        try {
            recordLine = line;
            List<String> fields = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            boolean any = false;
            while (true) {
                int c = in.read();
                if (c == -1) {
                    eof = true;
                    if (quoted) {
                        throw new MalformedLog("line " + recordLine, "a quoted field is never closed", null);
                    }
                    if (!any) {
                        return null;
                    }
                    fields.add(field.toString());
                    return fields;
                }
                any = true;
                char ch = (char) c;
                if (quoted) {
                    if (ch == '"') {
                        in.mark(1);
                        int after = in.read();
                        if (after == '"') {
                            field.append('"');
                        } else {
                            quoted = false;
                            if (after != -1) {
                                in.reset();
                            }
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        field.append(ch);
                    }
                } else if (ch == '"' && field.isEmpty()) {
                    quoted = true;
                } else if (ch == delimiter) {
                    fields.add(field.toString());
                    field.setLength(0);
                } else if (ch == '\n') {
                    line++;
                    fields.add(field.toString());
                    return fields;
                } else if (ch != '\r') {
                    field.append(ch);
                }
            }
        } catch (IOException e) {
            throw new MalformedLog("line " + line, "the file could not be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
