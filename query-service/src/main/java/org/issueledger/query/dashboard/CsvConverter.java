package org.issueledger.query.dashboard;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Writes a {@link TabularAnswer} as RFC 4180 CSV: a header line, CRLF line ends, UTF-8. Public for
 * {@link #writeRecord}, which a streamed export uses to write the same CSV a record at a time.
 */
public class CsvConverter extends AbstractHttpMessageConverter<TabularAnswer> {

    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    CsvConverter() {
        super(StandardCharsets.UTF_8, TEXT_CSV);
    }

    @Override
    protected boolean supports(Class<?> type) {
        return TabularAnswer.class.isAssignableFrom(type);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return false;
    }

    @Override
    protected TabularAnswer readInternal(Class<? extends TabularAnswer> type, HttpInputMessage input) {
        throw new HttpMessageNotReadableException("CSV is an answer format only", input);
    }

    @Override
    protected void writeInternal(TabularAnswer answer, HttpOutputMessage output) throws IOException {
        Writer writer = new OutputStreamWriter(output.getBody(), StandardCharsets.UTF_8);
        writeRecord(writer, List.copyOf(answer.csvHeader()));
        for (List<Object> record : answer.csvRecords()) {
            writeRecord(writer, record);
        }
        writer.flush();
    }

    public static void writeRecord(Writer writer, List<?> cells) throws IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                writer.write(',');
            }
            writer.write(cell(cells.get(i)));
        }
        writer.write("\r\n");
    }

    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Double || value instanceof Float) {
            // Never 1.0E-4: spreadsheets and scripts read plain decimals.
            return BigDecimal.valueOf(((Number) value).doubleValue()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return quoted(defused(value.toString()));
    }

    /**
     * Titles and names come from outside systems; a cell starting like a formula would be executed by a
     * spreadsheet that opens the file (CSV injection), so such text gets a leading apostrophe.
     */
    private static String defused(String text) {
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            return "'" + text;
        }
        return text;
    }

    private static String quoted(String text) {
        boolean needsQuotes = text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0
                || text.indexOf('\r') >= 0 || (!text.isEmpty() && (text.charAt(0) == ' ' || text.endsWith(" ")));
        return needsQuotes ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }
}
