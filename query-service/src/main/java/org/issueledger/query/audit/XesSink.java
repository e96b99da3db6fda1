package org.issueledger.query.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * IEEE 1849 (XES) XML that ProM, PM4Py and Celonis open: one trace per issue ({@code concept:name} = issue id), one
 * event per audit entry with {@code concept:name} (the event type), {@code time:timestamp} (business time),
 * {@code org:resource} (actor), {@code org:group} (the issue's team at that event), {@code lifecycle:transition}
 * (see {@link LifecycleTransition}), {@code identity:id} (event id) and {@code sequence}. Written with StAX element by
 * element, so the document is never held in memory; relies on entries arriving by issue, then sequence.
 */
final class XesSink implements EntrySink {

    static final String NAMESPACE = "http://www.xes-standard.org/";
    private static final String UNKNOWN = "UNKNOWN";
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx").withZone(ZoneOffset.UTC);

    private final OutputStream out;
    private final ExportRange range;
    private XMLStreamWriter xml;
    private UUID openTrace;

    XesSink(OutputStream out, ExportRange range) {
        this.out = out;
        this.range = range;
    }

    @Override
    public void start() throws IOException {
        try {
            xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("log");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("xes.version", "1849-2016");
            xml.writeAttribute("xes.features", "");
            extension("Concept", "concept");
            extension("Time", "time");
            extension("Organizational", "org");
            extension("Lifecycle", "lifecycle");
            extension("Identity", "identity");
            // Defaults for attributes an event may lack (no actor, no team), so that every event has each key.
            xml.writeStartElement("global");
            xml.writeAttribute("scope", "trace");
            attribute("string", "concept:name", UNKNOWN);
            xml.writeEndElement();
            xml.writeStartElement("global");
            xml.writeAttribute("scope", "event");
            attribute("string", "concept:name", UNKNOWN);
            attribute("date", "time:timestamp", TIMESTAMP.format(Instant.EPOCH));
            attribute("string", "org:resource", UNKNOWN);
            attribute("string", "org:group", UNKNOWN);
            attribute("string", "lifecycle:transition", "unknown");
            xml.writeEndElement();
            classifier("Activity", "concept:name");
            classifier("Activity and transition", "concept:name lifecycle:transition");
            classifier("Resource", "org:resource");
            attribute("string", "concept:name", "IssueLedger audit trail, occurredAt from " + range.from() + " to "
                    + range.to());
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void write(AuditEntry entry) throws IOException {
        try {
            if (!entry.issueId().equals(openTrace)) {
                if (openTrace != null) {
                    xml.writeEndElement();
                }
                xml.writeStartElement("trace");
                attribute("string", "concept:name", entry.issueId().toString());
                openTrace = entry.issueId();
            }
            xml.writeStartElement("event");
            attribute("string", "concept:name", entry.type());
            attribute("date", "time:timestamp", TIMESTAMP.format(entry.occurredAt()));
            if (entry.actor() != null) {
                attribute("string", "org:resource", entry.actor());
            }
            if (entry.team() != null) {
                attribute("string", "org:group", entry.team());
            }
            attribute("string", "lifecycle:transition",
                    entry.lifecycleTransition() == null ? "unknown" : entry.lifecycleTransition());
            attribute("id", "identity:id", entry.eventId().toString());
            attribute("int", "sequence", Long.toString(entry.sequence()));
            xml.writeEndElement();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    @Override
    public void finish() throws IOException {
        try {
            if (openTrace != null) {
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        }
    }

    private void extension(String name, String prefix) throws XMLStreamException {
        xml.writeEmptyElement("extension");
        xml.writeAttribute("name", name);
        xml.writeAttribute("prefix", prefix);
        xml.writeAttribute("uri", NAMESPACE + prefix + ".xesext");
    }

    private void classifier(String name, String keys) throws XMLStreamException {
        xml.writeEmptyElement("classifier");
        xml.writeAttribute("name", name);
        xml.writeAttribute("keys", keys);
    }

    private void attribute(String type, String key, String value) throws XMLStreamException {
        xml.writeEmptyElement(type);
        xml.writeAttribute("key", key);
        xml.writeAttribute("value", xmlText(value));
    }

    /** Names come from outside systems; a control character would make the whole file unreadable XML 1.0. */
    private static String xmlText(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints()
                .filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                        || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000)
                .forEach(clean::appendCodePoint);
        return clean.toString();
    }
}
