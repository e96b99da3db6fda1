package org.issueledger.command.issue;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.issueledger.command.idempotency.KeyReused;
import org.issueledger.command.issue.IssueController.*;
import org.issueledger.command.sla.SlaPolicies;
import org.issueledger.command.web.Problems;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command request that does not come over HTTP (the Kafka ingress) turned into exactly what the REST edge
 * would send: the same request records read by the same JSON mapper, the same bean validation, the same command,
 * the same idempotency fingerprint text — so a key used over REST and over Kafka is one key space — and, for a
 * refusal, the same problem details.
 */
@Component
public class IssueRequests {

    /** The verbs a request may name: create, and every {@link Verb} by its enum name. */
    public static final String CREATE = "CREATE";

    private final JsonMapper json;
    private final Validator validator;
    private final SlaPolicies slaPolicies;
    private final Clock clock;

    IssueRequests(JsonMapper json, Validator validator, SlaPolicies slaPolicies, Clock clock) {
        this.json = json;
        this.validator = validator;
        this.slaPolicies = slaPolicies;
        this.clock = clock;
    }

    /**
     * @param command  the Axon payload to send
     * @param issueId  the issue it is about (for a create: the id chosen for the new issue)
     * @param request  what a repeat under the same Idempotency-Key must ask again (the REST edge's text)
     * @param created  whether it creates the issue (REST answers 201)
     */
    public record Prepared(Object command, UUID issueId, String request, boolean created) {
    }

    private record Built(Object request, IssueCommand command) {
    }

    /** A request refused before it reached the aggregate, with the problem REST would answer. */
    public static final class Refused extends RuntimeException {

        private final transient ProblemDetail problem;

        Refused(ProblemDetail problem) {
            super(problem.getDetail(), null, false, false);
            this.problem = problem;
        }

        public ProblemDetail problem() {
            return problem;
        }
    }

    public static String knownVerbs() {
        return CREATE + ", " + String.join(", ", Arrays.stream(Verb.values()).map(Enum::name).toList());
    }

    /**
     * @param verb    {@value #CREATE} or a {@link Verb} name, case-insensitive, {@code -} for {@code _}
     * @param issueId the issue (for a create: the id to give it, or null for a new random one)
     * @param body    the request body as REST takes it (null where REST takes none)
     * @throws Refused with the problem details REST gives for the same mistake
     */
    public Prepared prepare(String verb, UUID issueId, JsonNode body, String actor) {
        String name = verb == null ? "" : verb.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        if (name.equals(CREATE)) {
            CreateRequest request = read(body, CreateRequest.class);
            UUID id = issueId != null ? issueId : UUID.randomUUID();
            Instant at = at(request.occurredAt());
            return new Prepared(new CreateIssue(id, request.title(), request.description(), request.category(),
                    request.component(), request.priority(), request.team(), request.reporter(),
                    slaPolicies.inForceAt(at), at, actor), id, "create " + request, true);
        }
        Verb known = Arrays.stream(Verb.values()).filter(v -> v.name().equals(name)).findFirst()
                .orElseThrow(() -> refused(HttpStatus.BAD_REQUEST, "Unknown verb",
                        "Verb '" + verb + "' is not one of " + knownVerbs()));
        if (issueId == null) {
            throw refused(HttpStatus.BAD_REQUEST, "Invalid request", "issueId is required for verb " + known.name());
        }
        UUID id = issueId;
        // Same records and the same fingerprint text as IssueController (command class, issue id, request).
        // A switch expression without default: a new Verb fails the build here until it is mapped.
        Built built = switch (known) {
            case ASSIGN -> {
                AssignRequest r = read(body, AssignRequest.class);
                yield new Built(r, new AssignOwner(id, r.owner(), at(r.occurredAt()), actor));
            }
            case ASSIGN_TEAM -> {
                TeamRequest r = read(body, TeamRequest.class);
                yield new Built(r, new AssignTeam(id, r.team(), null, at(r.occurredAt()), actor));
            }
            case ADD_CO_HANDLER -> {
                CoHandlerRequest r = read(body, CoHandlerRequest.class);
                yield new Built(r, new AddCoHandler(id, r.coHandler(), at(r.occurredAt()), actor));
            }
            case REMOVE_CO_HANDLER -> {
                // REST names the co-handler in the path and fingerprints that name.
                CoHandlerRequest r = read(body, CoHandlerRequest.class);
                yield new Built(r.coHandler(), new RemoveCoHandler(id, r.coHandler(), at(r.occurredAt()), actor));
            }
            case ACKNOWLEDGE -> {
                TimeOnly r = optional(body);
                yield new Built(r, new AcknowledgeIssue(id, at(timeOf(r)), actor));
            }
            case START -> {
                TimeOnly r = optional(body);
                yield new Built(r, new StartWork(id, at(timeOf(r)), actor));
            }
            case COMMENT -> {
                CommentRequest r = read(body, CommentRequest.class);
                yield new Built(r, new AddComment(id, r.text(), r.publicComment(), at(r.occurredAt()), actor));
            }
            case CHANGE_PRIORITY -> {
                PriorityRequest r = read(body, PriorityRequest.class);
                yield new Built(r, new ChangePriority(id, r.priority(), at(r.occurredAt()), actor));
            }
            case RECLASSIFY -> {
                ReclassifyRequest r = read(body, ReclassifyRequest.class);
                yield new Built(r, new Reclassify(id, r.category(), r.component(), at(r.occurredAt()), actor));
            }
            case HOLD -> {
                ReasonRequest r = read(body, ReasonRequest.class);
                yield new Built(r, new PutOnHold(id, r.reason(), at(r.occurredAt()), actor));
            }
            case RESUME -> {
                TimeOnly r = optional(body);
                yield new Built(r, new Resume(id, at(timeOf(r)), actor));
            }
            case ESCALATE -> {
                EscalateRequest r = read(body, EscalateRequest.class);
                yield new Built(r, new Escalate(id, r.level(), r.reason(), at(r.occurredAt()), actor));
            }
            case RESOLVE -> {
                ResolveRequest r = read(body, ResolveRequest.class);
                yield new Built(r, new Resolve(id, r.resolutionCode(), r.solutionSummary(), r.knowledgeArticle(),
                        at(r.occurredAt()), actor));
            }
            case VERIFY -> {
                VerifyRequest r = read(body, VerifyRequest.class);
                yield new Built(r, new VerifyResolution(id, r.accepted(), r.note(), at(r.occurredAt()), actor));
            }
            case CLOSE -> {
                CloseRequest r = read(body, CloseRequest.class);
                yield new Built(r, new Close(id, r.closeCode(), r.satisfaction(), at(r.occurredAt()), actor));
            }
            case REOPEN -> {
                ReasonRequest r = read(body, ReasonRequest.class);
                yield new Built(r, new Reopen(id, r.reason(), at(r.occurredAt()), actor));
            }
            case CANCEL -> {
                CancelRequest r = read(body, CancelRequest.class);
                yield new Built(r, new Cancel(id, r.reason(), r.duplicateOf(), r.note(), at(r.occurredAt()), actor));
            }
        };
        return new Prepared(built.command(), id,
                built.command().getClass().getSimpleName() + " " + id + " " + built.request(), false);
    }

    /**
     * The problem details REST answers for a command the aggregate (or the idempotency check) refused; empty for
     * a failure of the machinery.
     */
    public static Optional<ProblemDetail> problemFor(Throwable failure) {
        if (failure instanceof IllegalTransition e) {
            return Optional.of(IssueRefusals.illegalTransitionProblem(e));
        } else if (failure instanceof OccurredAtOutOfOrder e) {
            return Optional.of(IssueRefusals.outOfOrderProblem(e));
        } else if (failure instanceof RuleViolated e) {
            return Optional.of(IssueRefusals.ruleViolatedProblem(e));
        } else if (failure instanceof AggregateNotFoundException e) {
            return Optional.of(IssueRefusals.unknownIssueProblem(e));
        } else if (failure instanceof AggregateStreamCreationException) {
            return Optional.of(IssueRefusals.alreadyExistsProblem());
        } else if (failure instanceof ConcurrencyException) {
            return Optional.of(IssueRefusals.concurrentModificationProblem());
        } else if (failure instanceof KeyReused e) {
            return Optional.of(IssueRefusals.keyReusedProblem(e));
        }
        return Optional.empty();
    }

    private <T> T read(JsonNode body, Class<T> type) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new Refused(Problems.malformed(null));
        }
        T request;
        try {
            request = json.treeToValue(body, type);
        } catch (JacksonException e) {
            throw new Refused(Problems.malformed(e));
        }
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            SortedMap<String, String> errors = new TreeMap<>();
            for (ConstraintViolation<T> violation : violations) {
                errors.merge(violation.getPropertyPath().toString(), violation.getMessage(), (a, b) -> a + "; " + b);
            }
            throw new Refused(Problems.invalid(errors));
        }
        return request;
    }

    /** Verbs whose body REST does not require: none stays none (as REST's null body). */
    private TimeOnly optional(JsonNode body) {
        return body == null || body.isNull() || body.isMissingNode() ? null : read(body, TimeOnly.class);
    }

    private static Instant timeOf(TimeOnly body) {
        return body == null ? null : body.occurredAt();
    }

    /** PostgreSQL keeps microseconds; as the REST edge, the instant is truncated so every copy compares equal. */
    private Instant at(Instant given) {
        return (given != null ? given : clock.instant()).truncatedTo(ChronoUnit.MICROS);
    }

    private static Refused refused(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        return new Refused(problem);
    }
}
