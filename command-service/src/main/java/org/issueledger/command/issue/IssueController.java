package org.issueledger.command.issue;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.issueledger.command.idempotency.IdempotentCommands;
import org.issueledger.command.idempotency.IdempotentCommands.Outcome;
import org.issueledger.command.sla.SlaPolicies;
import org.issueledger.command.web.CommandContext;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * HTTP → command → HTTP, nothing more: the rules live in {@link Issue}. Business time defaults to the
 * edge's clock when the sender gives no {@code occurredAt}.
 */
@RestController
@RequestMapping("/api/issues")
class IssueController {

    static final int NAME = 100;
    static final int CODE = 100;
    static final int TITLE = 200;
    static final int REASON = 2_000;
    static final int TEXT = 20_000;

    /** Set on an answer to a repeated Idempotency-Key: the first outcome, and nothing was appended. */
    static final String REPLAYED_HEADER = "Idempotent-Replayed";

    private final IdempotentCommands commands;
    private final SlaPolicies slaPolicies;
    private final Clock clock;

    IssueController(IdempotentCommands commands, SlaPolicies slaPolicies, Clock clock) {
        this.commands = commands;
        this.slaPolicies = slaPolicies;
        this.clock = clock;
    }

    record CreateRequest(@NotBlank @Size(max = TITLE) String title, @Size(max = TEXT) String description,
                         @NotBlank @Size(max = NAME) String category, @Size(max = NAME) String component,
                         @NotNull Priority priority, @NotBlank @Size(max = NAME) String reporter,
                         @Size(max = NAME) String team, Instant occurredAt) {
    }

    record AssignRequest(@NotBlank @Size(max = NAME) String owner, Instant occurredAt) {
    }

    record TeamRequest(@NotBlank @Size(max = NAME) String team, Instant occurredAt) {
    }

    record CoHandlerRequest(@NotBlank @Size(max = NAME) String coHandler, Instant occurredAt) {
    }

    record TimeOnly(Instant occurredAt) {
    }

    record CommentRequest(@NotBlank @Size(max = TEXT) String text, @NotNull Boolean publicComment,
                          Instant occurredAt) {
    }

    record PriorityRequest(@NotNull Priority priority, Instant occurredAt) {
    }

    record ReclassifyRequest(@NotBlank @Size(max = NAME) String category, @Size(max = NAME) String component,
                             Instant occurredAt) {
    }

    record ReasonRequest(@NotBlank @Size(max = REASON) String reason, Instant occurredAt) {
    }

    record EscalateRequest(@Min(1) @Max(10) Integer level, @NotBlank @Size(max = REASON) String reason,
                           Instant occurredAt) {
    }

    record ResolveRequest(@NotBlank @Size(max = CODE) String resolutionCode,
                          @NotBlank @Size(max = TEXT) String solutionSummary,
                          @Size(max = NAME) String knowledgeArticle, Instant occurredAt) {
    }

    record VerifyRequest(@NotNull Boolean accepted, @Size(max = REASON) String note, Instant occurredAt) {
    }

    record CloseRequest(@NotBlank @Size(max = CODE) String closeCode, @Min(1) @Max(5) Integer satisfaction,
                        Instant occurredAt) {
    }

    record CancelRequest(@NotNull CancelReason reason, UUID duplicateOf, @Size(max = REASON) String note,
                         Instant occurredAt) {
    }

    @PostMapping
    ResponseEntity<Map<String, UUID>> create(@Valid @RequestBody CreateRequest body, HttpServletRequest http) {
        CommandContext context = CommandContext.of(http);
        UUID newId = UUID.randomUUID();
        Outcome outcome = send(new CreateIssue(newId, body.title(), body.description(), body.category(),
                body.component(), body.priority(), body.team(), body.reporter(), slaPolicies.inForceAt(at(body.occurredAt())),
                at(body.occurredAt()),
                context.actor()), newId, "create " + body, context);
        return answer(ResponseEntity.created(URI.create("/api/issues/" + outcome.issueId())), outcome);
    }

    @PostMapping("/{id}/assign")
    ResponseEntity<Map<String, UUID>> assign(@PathVariable UUID id, @Valid @RequestBody AssignRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new AssignOwner(id, body.owner(), t, actor));
    }

    @PostMapping("/{id}/team")
    ResponseEntity<Map<String, UUID>> team(@PathVariable UUID id, @Valid @RequestBody TeamRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new AssignTeam(id, body.team(), null, t, actor));
    }

    @PostMapping("/{id}/co-handlers")
    ResponseEntity<Map<String, UUID>> addCoHandler(@PathVariable UUID id, @Valid @RequestBody CoHandlerRequest body,
                                   HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new AddCoHandler(id, body.coHandler(), t, actor));
    }

    @DeleteMapping("/{id}/co-handlers/{name}")
    ResponseEntity<Map<String, UUID>> removeCoHandler(@PathVariable UUID id, @PathVariable @Size(max = NAME) String name,
                                      HttpServletRequest http) {
        return on(id, http, null, name, (t, actor) -> new RemoveCoHandler(id, name, t, actor));
    }

    @PostMapping("/{id}/acknowledge")
    ResponseEntity<Map<String, UUID>> acknowledge(@PathVariable UUID id, @RequestBody(required = false) TimeOnly body,
                                  HttpServletRequest http) {
        return on(id, http, timeOf(body), body, (t, actor) -> new AcknowledgeIssue(id, t, actor));
    }

    @PostMapping("/{id}/start")
    ResponseEntity<Map<String, UUID>> start(@PathVariable UUID id, @RequestBody(required = false) TimeOnly body,
                            HttpServletRequest http) {
        return on(id, http, timeOf(body), body, (t, actor) -> new StartWork(id, t, actor));
    }

    @PostMapping("/{id}/comments")
    ResponseEntity<Map<String, UUID>> comment(@PathVariable UUID id, @Valid @RequestBody CommentRequest body,
                              HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body,
                (t, actor) -> new AddComment(id, body.text(), body.publicComment(), t, actor));
    }

    @PostMapping("/{id}/priority")
    ResponseEntity<Map<String, UUID>> priority(@PathVariable UUID id, @Valid @RequestBody PriorityRequest body,
                               HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new ChangePriority(id, body.priority(), t, actor));
    }

    @PostMapping("/{id}/reclassify")
    ResponseEntity<Map<String, UUID>> reclassify(@PathVariable UUID id, @Valid @RequestBody ReclassifyRequest body,
                                 HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body,
                (t, actor) -> new Reclassify(id, body.category(), body.component(), t, actor));
    }

    @PostMapping("/{id}/hold")
    ResponseEntity<Map<String, UUID>> hold(@PathVariable UUID id, @Valid @RequestBody ReasonRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new PutOnHold(id, body.reason(), t, actor));
    }

    @PostMapping("/{id}/resume")
    ResponseEntity<Map<String, UUID>> resume(@PathVariable UUID id, @RequestBody(required = false) TimeOnly body,
                             HttpServletRequest http) {
        return on(id, http, timeOf(body), body, (t, actor) -> new Resume(id, t, actor));
    }

    @PostMapping("/{id}/escalate")
    ResponseEntity<Map<String, UUID>> escalate(@PathVariable UUID id, @Valid @RequestBody EscalateRequest body,
                               HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new Escalate(id, body.level(), body.reason(), t, actor));
    }

    @PostMapping("/{id}/resolve")
    ResponseEntity<Map<String, UUID>> resolve(@PathVariable UUID id, @Valid @RequestBody ResolveRequest body,
                              HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new Resolve(id, body.resolutionCode(),
                body.solutionSummary(), body.knowledgeArticle(), t, actor));
    }

    @PostMapping("/{id}/verify")
    ResponseEntity<Map<String, UUID>> verify(@PathVariable UUID id, @Valid @RequestBody VerifyRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body,
                (t, actor) -> new VerifyResolution(id, body.accepted(), body.note(), t, actor));
    }

    @PostMapping("/{id}/close")
    ResponseEntity<Map<String, UUID>> close(@PathVariable UUID id, @Valid @RequestBody CloseRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body,
                (t, actor) -> new Close(id, body.closeCode(), body.satisfaction(), t, actor));
    }

    @PostMapping("/{id}/reopen")
    ResponseEntity<Map<String, UUID>> reopen(@PathVariable UUID id, @Valid @RequestBody ReasonRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body, (t, actor) -> new Reopen(id, body.reason(), t, actor));
    }

    @PostMapping("/{id}/cancel")
    ResponseEntity<Map<String, UUID>> cancel(@PathVariable UUID id, @Valid @RequestBody CancelRequest body, HttpServletRequest http) {
        return on(id, http, body.occurredAt(), body,
                (t, actor) -> new Cancel(id, body.reason(), body.duplicateOf(), body.note(), t, actor));
    }

    private interface CommandFactory {
        IssueCommand create(Instant occurredAt, String actor);
    }

    /**
     * @param request what the sender asked for; with the verb and the issue id it is the request's
     *                fingerprint, so that a reused Idempotency-Key with a different request is refused
     */
    private ResponseEntity<Map<String, UUID>> on(UUID id, HttpServletRequest http, Instant occurredAt, Object request,
                                                 CommandFactory factory) {
        CommandContext context = CommandContext.of(http);
        IssueCommand command = factory.create(at(occurredAt), context.actor());
        String asked = command.getClass().getSimpleName() + " " + id + " " + request;
        try {
            return answer(ResponseEntity.ok(), send(command, id, asked, context));
        } catch (OccurredAtOutOfOrder late) {
            if (occurredAt != null) {
                throw late; // the sender's own business time: going back in it is the sender's mistake
            }
            // The service stamped "now", and another command on this issue, stamped a moment later (here, or on
            // an instance whose clock runs slightly ahead), was stored first. For this command "now" is then
            // the issue's latest instant: the sender asked for nothing earlier.
            return answer(ResponseEntity.ok(), send(factory.create(late.lastOccurredAt(), context.actor()), id, asked,
                    context));
        }
    }

    private Outcome send(IssueCommand command, UUID issueId, String request, CommandContext context) {
        return commands.send(command, issueId, context.asMetadata(), context.idempotencyKey(), request);
    }

    private static ResponseEntity<Map<String, UUID>> answer(ResponseEntity.BodyBuilder response, Outcome outcome) {
        if (outcome.repeated()) {
            response.header(REPLAYED_HEADER, "true");
        }
        return response.body(Map.of("issueId", outcome.issueId()));
    }

    /** PostgreSQL keeps microseconds; truncating here makes every copy of the instant compare equal. */
    private Instant at(Instant given) {
        return (given != null ? given : clock.instant()).truncatedTo(ChronoUnit.MICROS);
    }

    private static Instant timeOf(TimeOnly body) {
        return body == null ? null : body.occurredAt();
    }
}
