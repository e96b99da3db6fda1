package org.issueledger.command.web;

import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * The problem details of a malformed request, whatever edge it came through (REST or the Kafka ingress): one
 * place, so an integrating system gets the same answer from both.
 */
public final class Problems {

    private Problems() {
    }

    /** A body that is not valid JSON, or a field of the wrong type or form (400 "Malformed request body"). */
    public static ProblemDetail malformed(Throwable failure) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Malformed request body");
        JacksonException jackson = jacksonCause(failure);
        if (jackson != null && !jackson.getPath().isEmpty()) {
            String field = fieldPath(jackson.getPath());
            problem.setProperty("field", field);
            problem.setDetail(describe(field, jackson));
        } else {
            problem.setDetail("The body is missing or is not valid JSON");
        }
        return problem;
    }

    /** Fields that break the request's constraints, by field name (400 "Invalid request"). */
    public static ProblemDetail invalid(SortedMap<String, String> errors) {
        ProblemDetail problem = ProblemDetail.forStatus(HttpStatus.BAD_REQUEST);
        problem.setTitle("Invalid request");
        problem.setDetail(errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining(", ")));
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A header (or, on the ingress, the envelope field in its place) that cannot be accepted. */
    public static ProblemDetail invalidHeader(String header, String message) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, message);
        problem.setTitle("Invalid header");
        problem.setProperty("header", header);
        return problem;
    }

    static ProblemDetail invalidHeader(InvalidHeader e) {
        return invalidHeader(e.header(), e.getMessage());
    }

    /** Whether a failure is a refused header value, and its problem. */
    public static java.util.Optional<ProblemDetail> ofHeader(Throwable failure) {
        return failure instanceof InvalidHeader e ? java.util.Optional.of(invalidHeader(e)) : java.util.Optional.empty();
    }

    /** The outermost Jackson exception in the chain: it knows the JSON path even when a value object refused the value. */
    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    private static String fieldPath(List<JacksonException.Reference> path) {
        return path.stream()
                .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String describe(String field, JacksonException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            return "Field '" + field + "' has value '" + invalid.getValue() + "', which is not one of "
                    + List.of(invalid.getTargetType().getEnumConstants());
        }
        if (e instanceof InvalidFormatException invalid && invalid.getTargetType() != null) {
            return "Field '" + field + "' has value '" + invalid.getValue() + "', which is not a valid "
                    + invalid.getTargetType().getSimpleName();
        }
        // A value object that refused its value (e.g. an unknown time zone) says why in its own exception.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IllegalArgumentException invalid && invalid.getMessage() != null) {
                return "Field '" + field + "' is invalid: " + invalid.getMessage();
            }
        }
        return "Field '" + field + "' has the wrong type or form";
    }
}
