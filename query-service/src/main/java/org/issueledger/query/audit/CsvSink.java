package org.issueledger.query.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.issueledger.query.dashboard.CsvConverter;

/** CSV written as the API's CSV answers are (same columns, quoting and formula defusing), one record at a time. */
final class CsvSink implements EntrySink {

    private final Writer writer;

    CsvSink(OutputStream out) {
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
    }

    @Override
    public void start() throws IOException {
        CsvConverter.writeRecord(writer, AuditEntry.CSV_HEADER);
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        CsvConverter.writeRecord(writer, entry.csvRecord());
    }

    @Override
    public void finish() throws IOException {
        writer.flush();
    }
}
