package org.issueledger.e2e;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One service's runnable jar as a real operating-system process, the way deploy/local/run.sh starts it. */
final class ServiceProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String name;
    private final Path jar;
    private final Map<String, String> environment;
    private final Path log;
    private final int port;
    private Process process;

    ServiceProcess(String name, String jarProperty, int port, Map<String, String> environment) {
        this.name = name;
        this.jar = Path.of(System.getProperty(jarProperty, "missing-" + jarProperty));
        this.port = port;
        this.environment = environment;
        this.log = Path.of(System.getProperty("e2e.logDir", "target/e2e-logs"), name + ".log");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist: build it first with 'mvn verify' from the repository root");
        }
    }

    static final String API_KEY = "e2e-key";
    static final String API_KEYS = "e2e-key:INTEGRATOR,e2e-key:ANALYST,e2e-key:AUDITOR,e2e-key:ADMIN,"
            + "dispatcher-key:INTEGRATOR:dispatcher";

    void start() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // The all-roles key every e2e request sends (X-API-Key: e2e-key), and a named one for checking actors;
        // a test's own environment may replace them.
        builder.environment().put("ISSUELEDGER_API_KEYS", API_KEYS);
        builder.environment().putAll(environment);
        process = builder.start();
    }

    void awaitHealthy(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200 && health.body().contains("\"UP\"")) {
                    return;
                }
            } catch (IOException notYetListening) {
                // starting up
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not healthy within " + timeout + "; see " + log);
    }

    /** SIGKILL: no shutdown hook, no graceful close — the harshest way a process can end mid-batch. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The operating-system process id, e.g. to recognise this instance in Axon's token claims ({@code pid@host}). */
    long pid() {
        return process.pid();
    }

    URI url(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    File logFile() {
        return log.toFile();
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
