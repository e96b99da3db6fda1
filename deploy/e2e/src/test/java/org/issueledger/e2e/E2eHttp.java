package org.issueledger.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the end-to-end tests send and read over HTTP, in one place: every request carries the all-roles API key
 * {@link ServiceProcess} starts the services with.
 */
final class E2eHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private E2eHttp() {
    }

    /** @param headers extra name, value pairs */
    static HttpResponse<String> post(ServiceProcess service, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder request = request(service, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(ServiceProcess service, String path) throws Exception {
        return HTTP.send(request(service, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Polls until the answer is 200 and satisfies the condition, or fails naming the last answer. */
    static JsonNode await(ServiceProcess service, String path, Predicate<JsonNode> condition, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = get(service, path);
            last = response.statusCode() + " " + response.body();
            if (response.statusCode() == 200) {
                JsonNode answer = JSON.readTree(response.body());
                if (condition.test(answer)) {
                    return answer;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Not as expected within " + within + " at " + path + "; last answer: " + last);
    }

    /** The event ids of an issue in the event store, in sequence order. */
    static List<String> storedEventIds(ServiceProcess commandService, String issueId) throws Exception {
        HttpResponse<String> response = get(commandService, "/api/issues/" + issueId + "/events");
        if (response.statusCode() != 200) {
            throw new AssertionError("events of " + issueId + ": " + response.statusCode() + " " + response.body());
        }
        JsonNode root = JSON.readTree(response.body());
        JsonNode events = root.isArray() ? root : root.path("events");
        List<String> ids = new ArrayList<>();
        events.forEach(event -> ids.add(event.path("eventId").asString()));
        return ids;
    }

    /** The (sequence, event id) of an issue's audit trail as the query side serves it. */
    static List<String> auditTrail(JsonNode audit) {
        List<String> entries = new ArrayList<>();
        audit.path("entries").forEach(e -> entries.add(e.path("sequence").asLong() + ":" + e.path("eventId").asString()));
        return entries;
    }

    static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> result = new HashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            result.put(pairs[i], pairs[i + 1]);
        }
        return result;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static HttpRequest.Builder request(ServiceProcess service, String path) {
        return HttpRequest.newBuilder(service.url(path)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", ServiceProcess.API_KEY);
    }
}
