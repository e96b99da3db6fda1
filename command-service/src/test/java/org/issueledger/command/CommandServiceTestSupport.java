package org.issueledger.command;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import org.issueledger.local.TestInfra;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points a command-service under test at the build's real PostgreSQL and Kafka, each test class on its own database and topic.
 * Public for the tests of the feature packages.
 */
public final class CommandServiceTestSupport {

    /** The key every test sends unless it says otherwise: it has all four roles, and no name. */
    public static final String API_KEY = "e2e-key";
    public static final String API_KEY_HEADER = "X-API-Key";
    /**
     * The all-roles key (as the e2e tests configure it), named keys for tests that check the recorded
     * actor, and one single-role key per role for the tests of who may do what.
     */
    public static final String API_KEYS = "e2e-key:INTEGRATOR,e2e-key:ANALYST,e2e-key:AUDITOR,e2e-key:ADMIN,"
            + "dispatcher-key:INTEGRATOR:dispatcher,rita-key:INTEGRATOR:rita,ada-key:ADMIN:ada,olga-key:ADMIN:olga,"
            + "admin-key:ADMIN:admin,ops-import-key:INTEGRATOR:ops-import,"
            + "integrator-only:INTEGRATOR,analyst-only:ANALYST,auditor-only:AUDITOR,admin-only:ADMIN";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CommandServiceTestSupport() {
    }

    public static String register(DynamicPropertyRegistry registry, String name) {
        TestInfra infra = TestInfra.get();
        String topic = "issue-events-" + name + "-" + UUID.randomUUID().toString().substring(0, 8);
        String database = infra.freshDatabase(name);
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", infra::user);
        registry.add("spring.datasource.password", infra::password);
        registry.add("issueledger.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("issueledger.kafka.topic", () -> topic);
        registry.add("issueledger.security.api-keys", () -> API_KEYS);
        return topic;
    }

    public static HttpResponse<String> post(int port, String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        request.headers(withKey(headers));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(int port, String path) throws Exception {
        return send(port, path, "GET");
    }

    public static HttpResponse<String> delete(int port, String path) throws Exception {
        return send(port, path, "DELETE");
    }

    /** The given header name/value pairs, with {@code X-API-Key: e2e-key} unless they name a key themselves. */
    public static String[] withKey(String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase(API_KEY_HEADER)) {
                return headers;
            }
        }
        String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = API_KEY_HEADER;
        all[headers.length + 1] = API_KEY;
        return all;
    }

    private static HttpResponse<String> send(int port, String path, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header(API_KEY_HEADER, API_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
