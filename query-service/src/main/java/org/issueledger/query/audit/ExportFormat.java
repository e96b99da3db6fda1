package org.issueledger.query.audit;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Locale;

import org.issueledger.query.dashboard.BadParameter;
import tools.jackson.databind.json.JsonMapper;

/** The formats of {@code GET /api/audit/export}, by their {@code format} parameter value. */
enum ExportFormat {
    /** One audit entry per line, as the API shows it (jsonlines.org). */
    JSONL("application/jsonl"),
    /** One event per record, in the columns of every audit CSV (RFC 4180). */
    CSV("text/csv;charset=UTF-8"),
    /** IEEE 1849 XES for process-mining tools: one trace per issue, one event per audit entry. */
    XES("application/xml;charset=UTF-8");

    private final String contentType;

    ExportFormat(String contentType) {
        this.contentType = contentType;
    }

    /** JSON Lines when absent. */
    static ExportFormat of(String format) {
        if (format == null || format.isBlank()) {
            return JSONL;
        }
        return Arrays.stream(values()).filter(candidate -> candidate.extension().equals(format)).findFirst()
                .orElseThrow(() -> BadParameter.notOneOf("format", format,
                        Arrays.stream(values()).map(ExportFormat::extension).toList()));
    }

    String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    String contentType() {
        return contentType;
    }

    EntrySink open(OutputStream out, ExportRange range, JsonMapper json) {
        return switch (this) {
            case JSONL -> new JsonLinesSink(out, json);
            case CSV -> new CsvSink(out);
            case XES -> new XesSink(out, range);
        };
    }
}
