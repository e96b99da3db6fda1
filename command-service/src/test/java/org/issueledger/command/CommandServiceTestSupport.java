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
        return topic;
    }

    public static HttpResponse<String> post(int port, String path, String json, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> get(int port, String path) throws Exception {
        return send(port, path, "GET");
    }

    public static HttpResponse<String> delete(int port, String path) throws Exception {
        return send(port, path, "DELETE");
    }

    private static HttpResponse<String> send(int port, String path, String method) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
