package org.issueledger.command.web;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

import org.axonframework.common.IdentifierFactory;

/**
 * Who sends a command, from where, as part of what: read from the request headers and stamped into
 * the command's metadata, from which Axon copies it onto every event the command causes.
 *
 * <p>The actor is the authenticated principal (the API key's name), never a header: a client cannot
 * record a change in someone else's name. An {@code X-Actor} header, which clients sent before
 * authentication existed, is ignored.
 */
public record CommandContext(String actor, String correlationId, String sourceSystem, String idempotencyKey) {

    public static final String CORRELATION_HEADER = "X-Correlation-Id";
    public static final String SOURCE_SYSTEM_HEADER = "X-Source-System";
    public static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

    /** Header values end up in the permanent log: short, printable, no control characters. */
    private static final Pattern SAFE_VALUE = Pattern.compile("[\\p{Alnum}._:@/+=\\- ]{1,100}");
    private static final Pattern SAFE_KEY = Pattern.compile("[\\p{Alnum}._:@/+=\\-]{1,200}");

    static final String CORRELATION_ATTRIBUTE = CommandContext.class.getName() + ".correlationId";

    public static CommandContext of(HttpServletRequest request) {
        return new CommandContext(
                actorOf(request),
                (String) request.getAttribute(CORRELATION_ATTRIBUTE),
                header(request, SOURCE_SYSTEM_HEADER, "api"),
                idempotencyKey(request));
    }

    /**
     * A context for a command that does not come over HTTP: the rule processor ({@code system:rules}) or the Kafka
     * ingress (the configured identity of the sending system). The values pass the same checks as the headers they
     * stand for; a refused one is an {@link InvalidHeader}. A null correlation id is generated.
     */
    public static CommandContext of(String actor, String correlationId, String sourceSystem, String idempotencyKey) {
        return new CommandContext(valid("actor", actor),
                correlationId == null || correlationId.isBlank() ? UUID.randomUUID().toString()
                        : valid(CORRELATION_HEADER, correlationId.strip()),
                valid(SOURCE_SYSTEM_HEADER, sourceSystem),
                idempotencyKey == null ? null : validKey(idempotencyKey));
    }

    static String correlationIdOf(HttpServletRequest request) {
        String given = request.getHeader(CORRELATION_HEADER);
        if (given == null || given.isBlank()) {
            // The same random UUID text as UUID.randomUUID(), from Axon's identifier factory: config's per-thread
            // generator instead of the JVM's one NativePRNG, which every request thread would queue for.
            return IdentifierFactory.getInstance().generateIdentifier();
        }
        return valid(CORRELATION_HEADER, given.strip());
    }

    public Map<String, String> asMetadata() {
        return Map.of("actor", actor, "correlationId", correlationId, "sourceSystem", sourceSystem);
    }

    /** Every endpoint that records an actor requires authentication, so "anonymous" means a rule was lifted. */
    private static String actorOf(HttpServletRequest request) {
        java.security.Principal principal = request.getUserPrincipal();
        return principal == null || principal.getName() == null ? "anonymous" : principal.getName();
    }

    private static String idempotencyKey(HttpServletRequest request) {
        String key = request.getHeader(IDEMPOTENCY_HEADER);
        if (key == null) {
            return null;
        }
        return validKey(key);
    }

    private static String validKey(String key) {
        if (!SAFE_KEY.matcher(key).matches()) {
            throw new InvalidHeader(IDEMPOTENCY_HEADER, "must be 1–200 letters, digits or ._:@/+=-");
        }
        return key;
    }

    private static String header(HttpServletRequest request, String name, String fallback) {
        String value = request.getHeader(name);
        return value == null || value.isBlank() ? fallback : valid(name, value.strip());
    }

    private static String valid(String header, String value) {
        if (value == null || !SAFE_VALUE.matcher(value).matches()) {
            throw new InvalidHeader(header, "must be 1–100 letters, digits, spaces or ._:@/+=-");
        }
        return value;
    }
}
