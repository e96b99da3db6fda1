package org.issueledger.websecurity;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends a service's every {@code /api/} endpoint, as Spring MVC maps it, a number of {@link HostileInput} requests
 * over real HTTP and judges each answer: a request with a defect must get a 4xx problem+json (with its status and a
 * title), none may get a 5xx or no answer. Both services' hostile-input tests run this same sweep.
 */
public final class HostileSweep {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** @param failures one line per wrongly answered request, with the request and the answer */
    public record Result(List<String> endpoints, int sent, List<String> failures) {
    }

    private HostileSweep() {
    }

    /**
     * @param headerDefects headers of the service whose malformed values must be refused (e.g. a correlation id)
     * @param baseUrl       e.g. {@code http://localhost:8081}
     */
    public static Result run(HostileInput hostile, Map<RequestMappingInfo, HandlerMethod> mappings, int perEndpoint,
                             List<String> headerDefects, String baseUrl, String apiKey) throws InterruptedException {
        List<String> failures = new ArrayList<>();
        List<String> endpoints = new ArrayList<>();
        int sent = 0;
        // In a stable order, so that the seed replays the same requests.
        Map<RequestMappingInfo, HandlerMethod> ordered = new TreeMap<>(Comparator.comparing(RequestMappingInfo::toString));
        ordered.putAll(mappings);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : ordered.entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;   // Spring's /error, springdoc's document and UI: not ours, and public reads
                }
                endpoints.add(entry.getKey().getMethodsCondition() + " " + pattern);
                for (int i = 0; i < perEndpoint; i++) {
                    HostileInput.Request request = hostile.next(entry.getKey(), entry.getValue(), pattern, headerDefects);
                    String failure;
                    try {
                        failure = judge(request, send(request, baseUrl, apiKey));
                    } catch (IOException e) {
                        failure = "no answer: " + request.method() + " " + abbreviate(request.path()) + " ["
                                + request.defect() + "]: " + e;
                    }
                    sent++;
                    if (failure != null) {
                        failures.add(failure);
                    }
                }
            }
        }
        return new Result(endpoints, sent, failures);
    }

    /** @return why the answer is wrong, or null */
    private static String judge(HostileInput.Request request, HttpResponse<String> answer) {
        String what = request.method() + " " + abbreviate(request.path()) + " [" + request.defect() + "] -> "
                + answer.statusCode() + " " + abbreviate(answer.body());
        int status = answer.statusCode();
        if (status >= 500) {
            return "server error: " + what;
        }
        // Noise alone may be valid (a read with odd but harmless parameters): any answer but a 5xx.
        if (request.defect().equals("none") && status < 400) {
            return null;
        }
        if (status < 400) {
            return "not refused: " + what;
        }
        if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            return "not problem+json: " + what;
        }
        try {
            JsonNode problem = JSON.readTree(answer.body());
            if (problem.path("status").asInt() != status || problem.path("title").asString("").isBlank()) {
                return "problem without status or title: " + what;
            }
        } catch (RuntimeException e) {
            return "problem is not JSON: " + what;
        }
        return null;
    }

    private static HttpResponse<String> send(HostileInput.Request request, String baseUrl, String apiKey)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : request.chunked() ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(request.body()))
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + request.path()))
                .timeout(Duration.ofSeconds(30))
                .header("X-API-Key", apiKey)
                .method(request.method(), body);
        if (request.body() != null) {
            builder.header("Content-Type", request.contentType());
        }
        request.headers().forEach(builder::header);
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}
