package org.issueledger.command.ingress;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.issueledger.command.idempotency.IdempotentCommands;
import org.issueledger.command.idempotency.IdempotentCommands.Outcome;
import org.issueledger.command.issue.IssueRequests;
import org.issueledger.command.web.CommandContext;
import org.issueledger.command.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One command record in, one result out, through the REST edge's own path: {@link IssueRequests} (same records,
 * validation, verbs), {@link IdempotentCommands} (same key space), the same problem details. Never throws for
 * anything the sender got wrong; throws only when the machinery (database) fails, so the record is retried.
 *
 * <p>Record: {@code {"verb", "issueId", "body", "idempotencyKey", "correlationId", "sourceSystem"}}. Without an
 * idempotency key the record's own coordinates ({@code ingress:<topic>:<partition>:<offset>}) are the key, so
 * a redelivered record is never applied twice either.
 */
@Component
class IngressHandler {

    private final IssueRequests requests;
    private final IdempotentCommands commands;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final IngressSettings settings;

    IngressHandler(IssueRequests requests, IdempotentCommands commands, JdbcTemplate jdbc, JsonMapper json,
                   IngressSettings settings) {
        this.requests = requests;
        this.commands = commands;
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
    }

    /** The result record: its key (the correlation id) and its JSON value. */
    record Result(String key, String value) {
    }

    Result handle(ConsumerRecord<String, String> record) {
        Map<String, Object> result = new LinkedHashMap<>();
        String fallbackCorrelation = record.key() != null && !record.key().isBlank() ? record.key()
                : "ingress:" + record.topic() + ":" + record.partition() + ":" + record.offset();
        result.put("correlationId", fallbackCorrelation);
        JsonNode envelope;
        try {
            envelope = json.readTree(record.value() == null ? "" : record.value());
        } catch (JacksonException e) {
            return refused(result, record, Problems.malformed(e));
        }
        if (envelope == null || !envelope.isObject()) {
            return refused(result, record, Problems.malformed(null));
        }
        String correlationId = text(envelope, "correlationId");
        if (correlationId != null) {
            result.put("correlationId", correlationId);
        }
        String verb = text(envelope, "verb");
        String sourceSystem = text(envelope, "sourceSystem");
        String key = text(envelope, "idempotencyKey");
        result.put("verb", verb);
        result.put("sourceSystem", sourceSystem);
        result.put("idempotencyKey", key);

        SortedMap<String, String> missing = new TreeMap<>();
        if (verb == null) {
            missing.put("verb", "must not be blank");
        }
        if (sourceSystem == null) {
            missing.put("sourceSystem", "must not be blank");
        }
        if (!missing.isEmpty()) {
            return refused(result, record, Problems.invalid(missing));
        }
        UUID issueId = null;
        String issueIdText = text(envelope, "issueId");
        if (issueIdText != null) {
            try {
                issueId = UUID.fromString(issueIdText);
            } catch (IllegalArgumentException e) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "Field 'issueId' has value '" + issueIdText + "', which is not a valid UUID");
                problem.setTitle("Malformed request body");
                problem.setProperty("field", "issueId");
                return refused(result, record, problem);
            }
            result.put("issueId", issueId);
        }
        String actor = settings.identities().get(sourceSystem);
        if (actor == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "Source system '" + sourceSystem + "' has no configured identity (issueledger.ingress.identities)");
            problem.setTitle("Unknown source system");
            return refused(result, record, problem);
        }
        CommandContext context;
        try {
            context = CommandContext.of(actor, correlationId, sourceSystem,
                    key != null ? key : "ingress:" + record.topic() + ":" + record.partition() + ":" + record.offset());
        } catch (RuntimeException invalid) {
            return refused(result, record, Problems.ofHeader(invalid).orElseThrow(() -> invalid));
        }
        result.put("correlationId", context.correlationId());
        result.put("actor", actor);

        IssueRequests.Prepared prepared;
        try {
            prepared = requests.prepare(verb, issueId, envelope.get("body"), actor);
        } catch (IssueRequests.Refused refusal) {
            return refused(result, record, refusal.problem());
        }
        result.put("issueId", prepared.issueId());
        Outcome outcome;
        try {
            outcome = commands.send(prepared.command(), prepared.issueId(), context.asMetadata(),
                    context.idempotencyKey(), prepared.request());
        } catch (RuntimeException failure) {
            Optional<ProblemDetail> problem = IssueRequests.problemFor(failure);
            if (problem.isEmpty()) {
                throw failure; // the machinery failed: not an answer, the record is retried
            }
            return refused(result, record, problem.get());
        }
        result.put("status", "ACCEPTED");
        result.put("httpStatus", prepared.created() ? 201 : 200);
        result.put("issueId", outcome.issueId());
        result.put("replayed", outcome.repeated());
        result.put("commandId", outcome.commandId());
        result.put("events", events(outcome.issueId(), outcome.commandId()));
        source(result, record);
        return new Result(result.get("correlationId").toString(), json.writeValueAsString(result));
    }

    /** The events the command appended, in order (for a repeat: those of the first, accepted command). */
    private List<Map<String, Object>> events(UUID issueId, String commandId) {
        List<Map<String, Object>> events = new ArrayList<>();
        jdbc.query("""
                        select event_identifier, sequence_number, payload_type from domain_event_entry
                        where aggregate_identifier = ?
                          and convert_from(meta_data, 'UTF8')::jsonb ->> 'commandId' = ?
                        order by sequence_number""",
                rs -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("eventId", rs.getString("event_identifier"));
                    event.put("sequence", rs.getLong("sequence_number"));
                    String type = rs.getString("payload_type");
                    event.put("type", type.substring(type.lastIndexOf('.') + 1));
                    events.add(event);
                }, issueId.toString(), commandId);
        return events;
    }

    private Result refused(Map<String, Object> result, ConsumerRecord<String, String> record, ProblemDetail problem) {
        result.put("status", "REFUSED");
        result.put("problem", wire(problem));
        source(result, record);
        return new Result(result.get("correlationId").toString(), json.writeValueAsString(result));
    }

    /** As REST writes problem+json: type, title, status, detail, then the extra properties at the top level. */
    private static Map<String, Object> wire(ProblemDetail problem) {
        Map<String, Object> wire = new LinkedHashMap<>();
        URI type = problem.getType();
        wire.put("type", type == null ? "about:blank" : type.toString());
        wire.put("title", problem.getTitle());
        wire.put("status", problem.getStatus());
        wire.put("detail", problem.getDetail());
        if (problem.getProperties() != null) {
            wire.putAll(problem.getProperties());
        }
        return wire;
    }

    private static void source(Map<String, Object> result, ConsumerRecord<String, String> record) {
        result.put("source", Map.of("topic", record.topic(), "partition", record.partition(), "offset", record.offset()));
    }

    private static String text(JsonNode envelope, String field) {
        JsonNode value = envelope.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        String text = value.isValueNode() ? value.asString() : value.toString();
        return text.isBlank() ? null : text;
    }
}
