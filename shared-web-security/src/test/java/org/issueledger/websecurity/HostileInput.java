package org.issueledger.websecurity;

import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.json.JsonMapper;

/**
 * A seeded generator of hostile requests for one endpoint, as Spring MVC maps it (so a new endpoint is
 * covered without anyone listing it). Every request it makes carries at least one <em>decisive</em> defect
 * — something no valid request has: an unknown or malformed id, a JSON body of the wrong shape, a field of
 * the wrong type, a control character or broken surrogate in a text, an oversize or over-deep body, a
 * wrong content type, a malformed header — plus random hostile noise that may or may not be valid on its
 * own (injection strings, right-to-left overrides, emoji, huge and negative numbers …). So every answer
 * must be a 4xx problem, and nothing may be stored.
 */
public final class HostileInput {

    /**
     * Text that is valid but hostile: it must be stored and answered as the text it is, or refused — never break
     * anything. The injection attempt names a table of the service under test ({@code %s}).
     */
    private static final List<String> NOISE_OF = List.of(
            "' OR '1'='1", "'; DROP TABLE %s; --", "\" OR \"\"=\"", "1; SELECT pg_sleep(10)",
            "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${jndi:ldap://example.invalid/a}",
            "{{7*7}}", "../../../../etc/passwd", "\u202Egnp.exe\u202C", "\u200F\u05E9\u05DC\u05D5\u05DD\u200E",
            "\uD83D\uDD25\uD83D\uDCA5\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "\uFEFFbom", "\u0661\u0662\u0663",
            "\uD835\uDD18\uD835\uDD2B\uD835\uDD26", "e\u0301\u0301\u0301", "", " ", "null", "NaN", "-1", "0",
            "-2147483649", "99999999999999999999999999", "1e309", "true", "%00", "\\u0000", "A".repeat(70_000));

    /** Text no request may carry: each of these alone makes a body or parameter invalid. */
    static final List<String> REFUSED_TEXT = List.of("nul\u0000byte", "\uD800lone high surrogate", "lone low \uDC00",
            "bell\u0007", "escape\u001B[31m", "delete\u007F");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Request(String method, String path, String contentType, byte[] body, boolean chunked,
                   Map<String, String> headers, String defect) {
    }

    private final Random random;
    private final List<String> noise;

    /** @param table a table of the service under test, for the injection attempt to name */
    public HostileInput(long seed, String table) {
        this.random = new Random(seed);
        this.noise = NOISE_OF.stream().map(text -> text.contains("%s") ? text.formatted(table) : text).toList();
    }

    /** One hostile request for the endpoint; {@code extraDefects} are header defects this service decides on. */
    public Request next(RequestMappingInfo mapping, HandlerMethod handler, String pattern, List<String> headerDefects) {
        String method = mapping.getMethodsCondition().getMethods().isEmpty() ? "GET"
                : pick(new ArrayList<>(mapping.getMethodsCondition().getMethods())).name();
        Class<?> bodyType = null;
        List<String> parameters = new ArrayList<>();
        Map<String, Class<?>> pathVariables = new LinkedHashMap<>();
        for (MethodParameter parameter : handler.getMethodParameters()) {
            PathVariable path = parameter.getParameterAnnotation(PathVariable.class);
            if (path != null) {
                String name = !path.value().isEmpty() ? path.value() : !path.name().isEmpty() ? path.name()
                        : parameter.getParameterName();
                pathVariables.put(name, parameter.getParameterType());
            }
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            if (param != null) {
                parameters.add(!param.value().isEmpty() ? param.value() : !param.name().isEmpty() ? param.name()
                        : parameter.getParameterName());
            }
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                bodyType = parameter.getParameterType();
            }
        }
        boolean takesBody = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        boolean consumesOnlyOthers = !mapping.getConsumesCondition().isEmpty();

        List<String> defects = new ArrayList<>(List.of("query-control-character"));
        defects.addAll(headerDefects);
        if (!pathVariables.isEmpty()) {
            defects.addAll(List.of("unknown-id", "malformed-id"));
        }
        if (takesBody) {
            // A body too large is refused whatever the endpoint; the others only where a body is read (or the
            // endpoint takes another media type than the JSON sent).
            defects.add("oversize");
            if (bodyType != null || consumesOnlyOthers) {
                defects.addAll(List.of("malformed-json", "json-not-an-object", "too-deep", "wrong-content-type",
                        "oversize-chunked"));
            }
            if (bodyType != null && bodyType.isRecord()) {
                defects.addAll(List.of("wrong-types", "refused-text"));
            }
        }
        String defect = pick(defects);
        // Reads may also get noise alone: whatever they answer, never a 5xx, and a refusal is a problem.
        if (method.equals("GET") && random.nextInt(3) == 0) {
            defect = "none";
        }

        // The path: unknown ids unless the defect is a malformed one.
        String path = pattern;
        for (Map.Entry<String, Class<?>> variable : pathVariables.entrySet()) {
            String value;
            if (defect.equals("malformed-id") && variable.getValue() == UUID.class) {
                value = encode(pick(List.of("not-a-uuid", "-1", "0", "' OR 1=1 --", "\uD83D\uDD25",
                        UUID.randomUUID() + "x", "A".repeat(3000))));
            } else if (variable.getValue() == UUID.class) {
                value = UUID.randomUUID().toString();
            } else {
                value = encode(truncate(pick(noise), 2000));
                if (value.isEmpty()) {
                    value = "x";
                }
            }
            path = path.replaceFirst("\\{" + variable.getKey() + "(:[^}]*)?}", java.util.regex.Matcher.quoteReplacement(value));
        }
        if (defect.equals("malformed-id") && pathVariables.values().stream().noneMatch(t -> t == UUID.class)) {
            defect = "unknown-id";
        }

        // Query parameters: the endpoint's own names and some it does not know, with hostile values.
        List<String> query = new ArrayList<>();
        for (String name : parameters) {
            if (random.nextBoolean()) {
                query.add(encode(name) + "=" + encode(truncate(pick(noise), 500)));
            }
        }
        if (random.nextInt(3) == 0) {
            query.add(encode(pick(List.of("page", "size", "limit", "from", "to", "sort", "debug"))) + "="
                    + encode(truncate(pick(noise), 500)));
        }
        if (defect.equals("query-control-character")) {
            String name = parameters.isEmpty() ? "x" : pick(parameters);
            query.add(encode(name) + "=" + pick(List.of("%00", "a%00b", "%01", "%1B%5B31m", "%7F", "%0B")));
        }
        if (!query.isEmpty()) {
            path = path + "?" + String.join("&", query);
        }

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-Actor", "mallory");
        if (headerDefects.contains(defect)) {
            headers.put(defect, pick(List.of("<script>", "' OR 1=1", "A".repeat(300), "a;b", "\u00e9t\u00e9")));
        }

        String contentType = "application/json";
        byte[] body = null;
        boolean chunked = false;
        if (takesBody) {
            switch (defect) {
                case "malformed-json" -> body = bytes(pick(List.of("{", "{\"a\":", "{'a':1}", "{\"a\":1,}", "[1,2",
                        "{\"a\":NaN}", "\"unterminated", "{\"a\":1}}", "\u0000", "{\"a\":\"\\uD800\\u\"}", "not json")));
                case "json-not-an-object" -> body = bytes(pick(List.of("[]", "[{}]", "42", "-1", "\"text\"", "true",
                        "null", "1e400")));
                case "too-deep" -> body = bytes("[".repeat(5000) + "]".repeat(5000));
                case "wrong-content-type" -> {
                    contentType = pick(List.of("application/xml", "image/png", "application/octet-stream",
                            "application/x-www-form-urlencoded"));
                    body = bytes(contentType.startsWith("application/xml") ? "<a>&xxe;</a>" : "a=1&b=%00");
                }
                case "oversize" -> body = bytes("{\"title\":\"" + "A".repeat(1_100_000) + "\"}");
                case "oversize-chunked" -> {
                    body = bytes("{\"title\":\"" + "B".repeat(1_100_000) + "\"}");
                    chunked = true;
                }
                case "wrong-types" -> body = bytes(record(bodyType, true));
                case "refused-text" -> body = refusedText(bodyType);
                default -> body = random.nextInt(4) == 0 ? null : bytes(record(bodyType, false));
            }
        }
        return new Request(method, path, contentType, body, chunked, headers, defect);
    }

    /** A body for the record with hostile values; {@code wrongTypes}: every field of a type it cannot be. */
    private String record(Class<?> type, boolean wrongTypes) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (type != null && type.isRecord()) {
            for (RecordComponent component : type.getRecordComponents()) {
                if (wrongTypes) {
                    fields.put(component.getName(), wrongTypeFor(component.getType()));
                } else if (random.nextInt(3) > 0) {
                    fields.put(component.getName(), noiseFor(component.getType(), component.getGenericType()));
                }
            }
        }
        if (random.nextBoolean()) {
            fields.put(pick(List.of("__proto__", "constructor", "$where", "@type", "class")), truncate(pick(noise), 200));
        }
        return JSON.writeValueAsString(fields);
    }

    /** A value Jackson cannot bind to the type: an object where a scalar belongs, a number where an object or list does. */
    private Object wrongTypeFor(Class<?> type) {
        if (type.isRecord() || Map.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
                || type.isArray()) {
            return pick(List.of(123, 1.5, true));
        }
        return Map.of("$gt", List.of(1));
    }

    private Object noiseFor(Class<?> type, Type generic) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return pick(List.of(-1, 0, Integer.MIN_VALUE, Long.MAX_VALUE, 99999999999L));
        }
        if (type == Boolean.class || type == boolean.class) {
            return random.nextBoolean();
        }
        if (Collection.class.isAssignableFrom(type)) {
            return List.of(truncate(pick(noise), 300), truncate(pick(noise), 300));
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return Map.of(truncate(pick(noise), 50), truncate(pick(noise), 300));
        }
        return random.nextInt(5) == 0 ? null : truncate(pick(noise), random.nextBoolean() ? 100 : 70_000);
    }

    /** Every text field holds a refused character; other fields as noise. JSON escapes keep the bytes valid UTF-8. */
    private byte[] refusedText(Class<?> type) {
        Map<String, Object> fields = new LinkedHashMap<>();
        boolean anyText = false;
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getType() == String.class) {
                fields.put(component.getName(), pick(REFUSED_TEXT));
                anyText = true;
            } else {
                fields.put(component.getName(), wrongTypeFor(component.getType()));
            }
        }
        if (!anyText && fields.isEmpty()) {
            return bytes("[\"\u0000\"]");
        }
        return bytes(JSON.writeValueAsString(fields));
    }

    private static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }
}
