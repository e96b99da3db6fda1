package org.issueledger.command.imports;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Uploads a log to the import endpoint as the CLI does (multipart) and follows the import to its end. */
final class ImportClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final int port;
    private final String apiKey;

    ImportClient(int port) {
        this(port, org.issueledger.command.CommandServiceTestSupport.API_KEY);
    }

    ImportClient(int port, String apiKey) {
        this.port = port;
        this.apiKey = apiKey;
    }

    /** @param mapping YAML, or null to use the built-in mapping named in {@code query} */
    HttpResponse<String> upload(String fileName, byte[] file, String mapping, String query) throws Exception {
        String boundary = "----import" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "file", fileName, file);
        if (mapping != null) {
            part(body, boundary, "mappingFile", "mapping.yml", mapping.getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/admin/imports" + query))
                        .timeout(Duration.ofSeconds(60))
                        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                        .header("X-API-Key", apiKey)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Uploads and waits for the import to finish; its final report. */
    JsonNode importAndWait(String fileName, byte[] file, String mapping, String query, Duration timeout) throws Exception {
        return await(start(fileName, file, mapping, query), timeout);
    }

    /** Uploads; the started import's Location. */
    String start(String fileName, byte[] file, String mapping, String query) throws Exception {
        HttpResponse<String> started = upload(fileName, file, mapping, query);
        if (started.statusCode() != 202) {
            throw new AssertionError("import not started: " + started.statusCode() + " " + started.body());
        }
        return started.headers().firstValue("Location").orElseThrow();
    }

    /** A request with this client's key, e.g. GET of a Location or DELETE to cancel. */
    HttpResponse<String> send(String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60)).header("X-API-Key", apiKey)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Follows an import at its Location until it is no longer RUNNING; its final report. */
    JsonNode await(String location, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode progress = JSON.readTree(send("GET", location).body());
            if (!progress.path("state").asString().equals("RUNNING")) {
                return progress;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("import still running after " + timeout + ": " + progress.path("summary").asString());
            }
            Thread.sleep(200);
        }
    }

    static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName, byte[] content)
            throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write("\r\n".getBytes(StandardCharsets.UTF_8));
    }
}
