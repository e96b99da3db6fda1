package org.issueledger.query.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueResolved;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.query.IssueTimeline;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/audit/export} over 10,000 issues (40,000 events) in business time of their own (January 2031), so
 * the other tests' entries fall outside the range. Each format is read back as a stream, with a real parser, and
 * must hold exactly the stored events.
 */
class AuditExportTest extends AuditTestSupport {

    private static final int ISSUES = 10_000;
    private static final int EVENTS_PER_ISSUE = 4;
    private static final Instant START = Instant.parse("2031-01-01T00:00:00Z");
    private static final String RANGE = "from=2031-01-01&to=2031-02-01";
    /** Text from outside systems that CSV must quote and XML must escape. */
    private static final String AWKWARD_ACTOR = "o'brien, \"jr\" <&>";
    private static final Set<String> XES_TRANSITIONS = Set.of("schedule", "assign", "reassign", "start", "suspend",
            "resume", "complete", "withdraw", "pi_abort", "ate_abort", "autoskip", "manualskip", "unknown");
    private static boolean loaded;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JsonMapper json;

    @LocalServerPort
    int port;

    /** Loaded once for the class, straight through the projection: Kafka would only make it slower. */
    @BeforeEach
    void tenThousandIssues() {
        synchronized (AuditExportTest.class) {
            if (loaded) {
                return;
            }
            for (int batch = 0; batch < ISSUES / 1_000; batch++) {
                int first = batch * 1_000;
                transaction.executeWithoutResult(status -> {
                    for (int i = first; i < first + 1_000; i++) {
                        loadIssue(START.plus(Duration.ofMinutes(i)), i == 0 ? AWKWARD_ACTOR : "agent-" + (i % 50));
                    }
                });
            }
            loaded = true;
        }
    }

    @Test
    void jsonLinesHoldOneParsableEntryPerStoredEvent() throws IOException {
        HttpURLConnection connection = export("jsonl");

        assertThat(connection.getContentType()).isEqualTo("application/jsonl");
        assertThat(connection.getHeaderField("Content-Disposition"))
                .isEqualTo("attachment; filename=\"audit_20310101T000000Z_20310201T000000Z.jsonl\"");
        assertThat(connection.getHeaderField("X-Last-Global-Position")).isNotNull();
        int lines = 0;
        Set<String> issues = new HashSet<>();
        try (BufferedReader reader = reader(connection)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                JsonNode entry = json.readTree(line);
                issues.add(entry.get("issueId").stringValue());
                assertThat(entry.get("eventId").stringValue()).isNotBlank();
                assertThat(entry.get("changes").isArray()).isTrue();
                lines++;
            }
        }

        assertThat(lines).isEqualTo(storedEvents()).isEqualTo(ISSUES * EVENTS_PER_ISSUE);
        assertThat(issues).hasSize(ISSUES);
    }

    @Test
    void csvHoldsOneRecordPerStoredEventInStableColumns() throws IOException {
        HttpURLConnection connection = export("csv");

        assertThat(connection.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(connection.getHeaderField("Content-Disposition")).endsWith(".csv\"");
        int records = 0;
        boolean awkwardActorSeen = false;
        try (BufferedReader in = reader(connection)) {
            CsvReader csv = new CsvReader(in);
            assertThat(csv.next()).isEqualTo(AuditEntry.CSV_HEADER);
            for (List<String> record = csv.next(); record != null; record = csv.next()) {
                assertThat(record).hasSize(AuditEntry.CSV_HEADER.size());
                awkwardActorSeen |= record.get(AuditEntry.CSV_HEADER.indexOf("actor")).equals(AWKWARD_ACTOR);
                records++;
            }
        }

        assertThat(records).isEqualTo(storedEvents());
        assertThat(awkwardActorSeen).isTrue();
    }

    @Test
    void xesIsALogOfOneTracePerIssueAndOneEventPerStoredEvent() throws IOException, XMLStreamException {
        HttpURLConnection connection = export("xes");

        assertThat(connection.getContentType()).isEqualTo("application/xml;charset=UTF-8");
        assertThat(connection.getHeaderField("Content-Disposition")).endsWith(".xes\"");
        XesLog log;
        try (InputStream in = connection.getInputStream()) {
            log = XesLog.read(in);
        }

        assertThat(log.version).isEqualTo("1849-2016");
        assertThat(log.extensions).containsEntry("concept", "http://www.xes-standard.org/concept.xesext")
                .containsEntry("time", "http://www.xes-standard.org/time.xesext")
                .containsEntry("org", "http://www.xes-standard.org/org.xesext")
                .containsEntry("lifecycle", "http://www.xes-standard.org/lifecycle.xesext");
        assertThat(log.globals.get("trace")).contains("concept:name");
        assertThat(log.globals.get("event")).contains("concept:name", "time:timestamp", "org:resource", "org:group",
                "lifecycle:transition");
        assertThat(log.traces).isEqualTo(ISSUES);
        assertThat(log.events).isEqualTo(storedEvents());
        assertThat(log.transitions.keySet()).isSubsetOf(XES_TRANSITIONS)
                .contains("schedule", "assign", "start", "complete");
        assertThat(log.transitions.get("schedule")).isEqualTo(ISSUES);
        assertThat(log.resources).contains(AWKWARD_ACTOR);
        assertThat(log.groups).containsOnly("ops");
    }

    @Test
    void theExportIsWrittenWhileItIsStillBeingReadFromTheDatabase() throws IOException {
        HttpURLConnection connection = export("jsonl");
        try (BufferedReader reader = reader(connection)) {
            assertThat(reader.readLine()).startsWith("{");

            // The first line is here, and the server is still reading rows: its cursor is open. A collect-then-write
            // export would have finished with the database before sending a byte.
            AtomicInteger terminated = new AtomicInteger();
            eventually(() -> {
                terminated.set(terminateExportBackends());
                assertThat(terminated.get()).isPositive();
            });

            // Cut off from the rest of its rows, the server drops the connection: the client sees an incomplete
            // transfer, never a complete-looking short file.
            AtomicInteger lines = new AtomicInteger(1);
            Throwable failure = catchThrowable(() -> {
                while (reader.readLine() != null) {
                    lines.incrementAndGet();
                }
            });
            assertThat(failure).isInstanceOf(IOException.class);
            assertThat(lines.get()).isLessThan(storedEvents());
        }
    }

    @Test
    void anExportNeedsABoundedRange() {
        assertBadParameter("/api/audit/export?to=2031-02-01", "from");
        assertBadParameter("/api/audit/export?from=2031-01-01", "to");
        assertBadParameter("/api/audit/export?from=2031-01-01&to=2032-01-03", "to");
        assertBadParameter("/api/audit/export?from=2031-02-01&to=2031-01-01", "to");
        assertBadParameter("/api/audit/export?from=soon&to=2031-01-01", "from");
        assertBadParameter("/api/audit/export?" + RANGE + "&format=xml", "format");
        assertBadParameter("/api/audit/export?from=soon&to=2031-01-01&format=csv", "from");
    }

    private void loadIssue(Instant at, String actor) {
        IssueTimeline issue = new IssueTimeline();
        UUID id = issue.issueId();
        apply(issue.next(new IssueCreated(id, "Disk full", "/var", "infrastructure", "storage", Priority.P3, "ops",
                "zabbix", at, actor)));
        apply(issue.next(new OwnerAssigned(id, "ana", null, 0, at.plusSeconds(10), actor)));
        apply(issue.next(new WorkStarted(id, at.plusSeconds(20), "ana")));
        apply(issue.next(new IssueResolved(id, "FIXED", "grew the volume", null, at.plusSeconds(30), "ana")));
    }

    private int storedEvents() {
        return jdbc.sql("SELECT count(*) FROM audit_entry WHERE occurred_at >= :from AND occurred_at < :to")
                .param("from", OffsetDateTime.parse("2031-01-01T00:00:00Z"))
                .param("to", OffsetDateTime.parse("2031-02-01T00:00:00Z"))
                .query(Integer.class)
                .single();
    }

    /** Ends the database sessions that are in the middle of an export's query, as a database failure would. */
    private int terminateExportBackends() {
        return jdbc.sql("""
                        SELECT count(pg_terminate_backend(pid))
                          FROM pg_stat_activity
                         WHERE datname = current_database()
                           AND pid <> pg_backend_pid()
                           AND state IN ('active', 'idle in transaction')
                           AND query LIKE '%ORDER BY issue_id, sequence%'
                        """)
                .query(Integer.class)
                .single();
    }

    private HttpURLConnection export(String format) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(
                "http://localhost:" + port + "/api/audit/export?" + RANGE + "&format=" + format).toURL().openConnection();
        connection.setRequestProperty(API_KEY_HEADER, API_KEY);
        assertThat(connection.getResponseCode()).isEqualTo(200);
        return connection;
    }

    private static BufferedReader reader(HttpURLConnection connection) throws IOException {
        return new BufferedReader(new InputStreamReader(connection.getInputStream(), StandardCharsets.UTF_8));
    }

    /** What a process-mining tool needs of an XES document, read with StAX element by element. */
    private static final class XesLog {

        String version;
        final Map<String, String> extensions = new HashMap<>();
        final Map<String, Set<String>> globals = new HashMap<>();
        int traces;
        int events;
        final Map<String, Integer> transitions = new HashMap<>();
        final Set<String> resources = new HashSet<>();
        final Set<String> groups = new HashSet<>();

        static XesLog read(InputStream in) throws XMLStreamException {
            XesLog log = new XesLog();
            XMLStreamReader xml = XMLInputFactory.newFactory().createXMLStreamReader(in, "UTF-8");
            String scope = null;
            String element = null;
            Set<String> seenTraces = new HashSet<>();
            Map<String, String> event = null;
            long lastSequence = -1;
            while (xml.hasNext()) {
                int kind = xml.next();
                if (kind == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("event")) {
                    assertThat(event).containsKeys("concept:name", "time:timestamp", "lifecycle:transition",
                            "identity:id", "sequence");
                    Instant.parse(event.get("time:timestamp").replace("+00:00", "Z"));
                    long sequence = Long.parseLong(event.get("sequence"));
                    assertThat(sequence).as("events in sequence order within their trace").isGreaterThan(lastSequence);
                    lastSequence = sequence;
                    log.transitions.merge(event.get("lifecycle:transition"), 1, Integer::sum);
                    log.resources.add(event.get("org:resource"));
                    log.groups.add(event.get("org:group"));
                    log.events++;
                    event = null;
                } else if (kind == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("global")) {
                    scope = null;
                }
                if (kind != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                assertThat(xml.getNamespaceURI()).isEqualTo(XesSink.NAMESPACE);
                String name = xml.getLocalName();
                switch (name) {
                    case "log" -> log.version = xml.getAttributeValue(null, "xes.version");
                    case "extension" -> log.extensions.put(xml.getAttributeValue(null, "prefix"),
                            xml.getAttributeValue(null, "uri"));
                    case "global" -> {
                        scope = xml.getAttributeValue(null, "scope");
                        log.globals.put(scope, new HashSet<>());
                    }
                    case "trace" -> {
                        log.traces++;
                        lastSequence = -1;
                    }
                    case "event" -> event = new HashMap<>();
                    default -> {
                        String key = xml.getAttributeValue(null, "key");
                        String value = xml.getAttributeValue(null, "value");
                        if (scope != null) {
                            log.globals.get(scope).add(key);
                        } else if (event != null) {
                            event.put(key, value);
                        } else if ("trace".equals(element) && "concept:name".equals(key)) {
                            assertThat(seenTraces.add(UUID.fromString(value).toString()))
                                    .as("one trace per issue").isTrue();
                        }
                    }
                }
                element = name.equals("trace") || name.equals("event") || name.equals("log") ? name : element;
            }
            assertThat(seenTraces).hasSize(log.traces);
            return log;
        }
    }
}
