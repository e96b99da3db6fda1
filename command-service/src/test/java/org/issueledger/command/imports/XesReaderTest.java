package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class XesReaderTest {

    private static final ImportMapping BPI = ImportMapping.builtIn("bpi2013");

    private static final String LOG = """
            <?xml version="1.0" encoding="UTF-8" ?>
            <log xes.version="1.0" xmlns="http://www.xes-standard.org/">
              <global scope="event"><string key="org:group" value="UNKNOWN"/></global>
              <float key="meta:stats" value="1.0"><float key="nested" value="2.0"/></float>
              <trace>
                <string key="concept:name" value="1-100"/>
                <string key="product" value="PROD1"/>
                <event>
                  <string key="org:group" value="V30"/>
                  <string key="org:resource" value="Frederic"/>
                  <string key="concept:name" value="Accepted"/>
                  <string key="lifecycle:transition" value="In Progress"/>
                  <string key="impact" value="High"><string key="meta" value="nested, ignored"/></string>
                  <date key="time:timestamp" value="2010-03-31T16:59:42+02:00"/>
                </event>
                <event>
                  <string key="org:group" value="V5 3rd"/>
                  <string key="org:resource" value="Anne"/>
                  <string key="concept:name" value="Completed"/>
                  <string key="lifecycle:transition" value="Closed"/>
                  <date key="time:timestamp" value="2010-04-01T08:00:00.123456789Z"/>
                </event>
              </trace>
              <trace>
                <string key="concept:name" value="1-200"/>
                <event>
                  <string key="concept:name" value="Queued"/>
                  <string key="lifecycle:transition" value="Awaiting Assignment"/>
                  <date key="time:timestamp" value="not a time"/>
                </event>
              </trace>
            </log>
            """;

    @Test
    void readsOneCasePerTraceWithEventAttributesFallingBackToTheTrace() {
        try (LogReader reader = reader(LOG.getBytes(StandardCharsets.UTF_8))) {
            SourceCase first = reader.next();
            assertThat(first.caseId()).isEqualTo("1-100");
            assertThat(first.events()).hasSize(2);
            SourceEvent accepted = first.events().get(0);
            assertThat(accepted.index()).isZero();
            assertThat(accepted.state()).isEqualTo("Accepted/In Progress");
            assertThat(accepted.owner()).isEqualTo("Frederic");
            assertThat(accepted.actor()).isEqualTo("Frederic");
            assertThat(accepted.team()).isEqualTo("V30");
            assertThat(accepted.priority()).isEqualTo("High");
            assertThat(accepted.category()).as("a trace attribute").isEqualTo("PROD1");
            assertThat(accepted.occurredAt()).isEqualTo(Instant.parse("2010-03-31T14:59:42Z"));
            assertThat(accepted.position()).startsWith("line 8,");
            assertThat(first.events().get(1).occurredAt()).as("truncated to what PostgreSQL keeps")
                    .isEqualTo(Instant.parse("2010-04-01T08:00:00.123456Z"));
        }
    }

    @Test
    void unreadableTimestampMakesOnlyThatEventMalformed() {
        try (LogReader reader = reader(LOG.getBytes(StandardCharsets.UTF_8))) {
            reader.next();
            SourceEvent queued = reader.next().events().get(0);
            assertThat(queued.malformed()).contains("'not a time'").contains("ISO-8601");
            assertThat(queued.position()).startsWith("line 26,");
            assertThat(reader.next()).isNull();
        }
    }

    @Test
    void gzipIsRecognisedByItsContentWhateverTheName() throws Exception {
        try (LogReader reader = reader(gzip(LOG.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(reader.next().caseId()).isEqualTo("1-100");
            assertThat(reader.next().caseId()).isEqualTo("1-200");
        }
    }

    @Test
    void brokenXmlIsAnErrorWithItsPositionAfterTheWholeTracesBeforeIt() {
        String broken = LOG.replace("<string key=\"concept:name\" value=\"1-200\"/>", "<string key=\"concept:name\" value=\"1-200\">");
        try (LogReader reader = reader(broken.getBytes(StandardCharsets.UTF_8))) {
            assertThat(reader.next().caseId()).isEqualTo("1-100");
            assertThatThrownBy(reader::next).isInstanceOf(MalformedLog.class)
                    .hasMessageStartingWith("line ").hasMessageContaining("broken XML");
        }
    }

    @Test
    void truncatedGzipIsAClearErrorAndNothingOfTheBrokenTraceIsReturned() throws Exception {
        // Long enough that the cut falls well after the first trace.
        String many = LOG.replace("</log>", ("<trace><string key=\"concept:name\" value=\"1-300\"/>"
                + "<event><string key=\"filler\" value=\"" + "x".repeat(200_000) + "\"/></event></trace>\n") + "</log>");
        byte[] whole = gzip(many.getBytes(StandardCharsets.UTF_8));
        byte[] truncated = Arrays.copyOf(whole, whole.length - 40);
        try (LogReader reader = reader(truncated)) {
            assertThat(reader.next().caseId()).isEqualTo("1-100");
            assertThat(reader.next().caseId()).isEqualTo("1-200");
            assertThatThrownBy(reader::next).isInstanceOf(MalformedLog.class)
                    .hasMessageContaining("gzip stream is truncated or corrupt")
                    .satisfies(e -> assertThat(((MalformedLog) e).position()).startsWith("line "));
        }
    }

    private static LogReader reader(byte[] content) {
        try {
            return LogReader.open(new ByteArrayInputStream(content), BPI, ImportMapping.Format.XES);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(content);
        }
        return out.toByteArray();
    }
}
