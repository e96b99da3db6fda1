package org.issueledger.query.audit;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import tools.jackson.databind.json.JsonMapper;

/** JSON Lines: each entry as the API shows it, on a line of its own. */
final class JsonLinesSink implements EntrySink {

    private final Writer writer;
    private final JsonMapper json;

    JsonLinesSink(OutputStream out, JsonMapper json) {
        this.writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        this.json = json;
    }

    @Override
    public void start() {
        // JSON Lines has no header
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        writer.write(json.writeValueAsString(entry));
        writer.write('\n');
    }

    @Override
    public void finish() throws IOException {
        writer.flush();
    }
}
