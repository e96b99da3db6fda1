package org.issueledger.command.imports;

import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipException;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams an XES log (IEEE 1849) trace by trace with StAX, in constant memory whatever the file's size.
 * A trace is handed on only once its closing tag is read, so a file that breaks off mid-trace imports
 * nothing of that trace. Attributes are read from each event, then from its trace (XES allows attributes
 * common to the case at trace level); nested attributes, lists and the log's globals are not needed and
 * skipped. The trace's {@code case} attribute (usually {@code concept:name}) is the case id.
 */
final class XesReader implements LogReader {

    private static final Set<String> ATTRIBUTES = Set.of("string", "date", "int", "float", "boolean", "id");

    private final XMLStreamReader xml;
    private final LogReader.Remembering in;
    private final ImportMapping mapping;
    private int traces;

    XesReader(LogReader.Remembering in, ImportMapping mapping) {
        this.in = in;
        this.mapping = mapping;
        XMLInputFactory factory = XMLInputFactory.newFactory();
        // A log is data: no DTDs, no external entities.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        try {
            xml = factory.createXMLStreamReader(in);
        } catch (XMLStreamException e) {
            throw malformed(e);
        }
    }

    @Override
    public SourceCase next() {
        try {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("trace")) {
                    return trace();
                }
            }
            return null;
        } catch (XMLStreamException e) {
            throw malformed(e);
        } catch (RuntimeException e) {
            // The StAX parser reports an I/O failure underneath (a truncated gzip) as a runtime exception.
            if (e.getCause() instanceof IOException io) {
                throw malformedStream(io);
            }
            throw e;
        }
    }

    private SourceCase trace() throws XMLStreamException {
        traces++;
        Map<String, String> traceAttributes = new HashMap<>();
        List<Map<String, String>> events = new ArrayList<>();
        List<String> positions = new ArrayList<>();
        while (true) {
            int next = xml.next();
            if (next == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("trace")) {
                break;
            }
            if (next != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            String name = xml.getLocalName();
            if (name.equals("event")) {
                positions.add(position(xml.getLocation()));
                events.add(attributes("event"));
            } else if (ATTRIBUTES.contains(name)) {
                readAttribute(traceAttributes);
            } else {
                skipElement();
            }
        }
        String caseId = traceAttributes.get(mapping.caseField());
        if (caseId == null || caseId.isBlank()) {
            throw new MalformedLog("trace " + traces, "the trace has no " + mapping.caseField() + " attribute (the case id)", null);
        }
        List<SourceEvent> mapped = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            Map<String, String> own = events.get(i);
            mapped.add(mapping.event(caseId, i, positions.get(i),
                    key -> own.containsKey(key) ? own.get(key) : traceAttributes.get(key)));
        }
        return new SourceCase(caseId, mapped);
    }

    /** The direct attributes of the element just opened, up to its end tag. */
    private Map<String, String> attributes(String element) throws XMLStreamException {
        Map<String, String> attributes = new HashMap<>();
        while (true) {
            int next = xml.next();
            if (next == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals(element)) {
                return attributes;
            }
            if (next == XMLStreamConstants.START_ELEMENT) {
                if (ATTRIBUTES.contains(xml.getLocalName())) {
                    readAttribute(attributes);
                } else {
                    skipElement();
                }
            }
        }
    }

    private void readAttribute(Map<String, String> into) throws XMLStreamException {
        String key = xml.getAttributeValue(null, "key");
        String value = xml.getAttributeValue(null, "value");
        if (key != null && value != null) {
            into.put(key, value);
        }
        skipElement(); // nested attributes (meta-attributes) are not needed
    }

    private void skipElement() throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int next = xml.next();
            if (next == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (next == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private MalformedLog malformed(XMLStreamException e) {
        if (in.failure != null) {
            return malformedStream(in.failure);
        }
        if (e.getNestedException() instanceof IOException io) {
            return malformedStream(io);
        }
        Location at = e.getLocation() != null ? e.getLocation() : xml == null ? null : xml.getLocation();
        String message = e.getMessage() == null ? "broken XML" : e.getMessage().replaceFirst("(?s)^ParseError at \\[[^]]*]\\s*Message:\\s*", "");
        return new MalformedLog(at == null ? "trace " + (traces + 1) : position(at), "broken XML: " + message, e);
    }

    private MalformedLog malformedStream(IOException io) {
        String what = io instanceof EOFException || io instanceof ZipException
                ? "the gzip stream is truncated or corrupt (" + io.getMessage() + ")"
                : "the file could not be read: " + io.getMessage();
        return new MalformedLog(xml == null ? "the start" : position(xml.getLocation()), what, io);
    }

    private static String position(Location location) {
        return "line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    @Override
    public void close() {
        try {
            xml.close();
        } catch (XMLStreamException e) {
            // nothing left to read
        }
    }
}
