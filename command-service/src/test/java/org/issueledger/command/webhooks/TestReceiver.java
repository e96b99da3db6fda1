package org.issueledger.command.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A webhook receiver on a local port: records every request (headers, exact body bytes, arrival) and
 * answers with the scripted status codes in turn, then with the default.
 */
final class TestReceiver implements AutoCloseable {

    /** One request as it arrived, with the status it was answered. */
    record Request(Map<String, List<String>> headers, byte[] body, long arrivedNanos, Instant arrivedAt, int answered) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean accepted() {
            return answered >= 200 && answered < 300;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new ArrayList<>();
    private final Deque<Integer> script = new ArrayDeque<>();
    private int defaultStatus;
    private Duration delay = Duration.ZERO;

    private TestReceiver(int defaultStatus) throws IOException {
        this.defaultStatus = defaultStatus;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static TestReceiver answering(int status) throws IOException {
        return new TestReceiver(status);
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** Answers these first, one per request, then the default. */
    synchronized TestReceiver thenAnswer(int... statuses) {
        for (int status : statuses) {
            script.add(status);
        }
        return this;
    }

    synchronized TestReceiver answerFromNowOn(int status) {
        script.clear();
        defaultStatus = status;
        return this;
    }

    synchronized TestReceiver slowBy(Duration delay) {
        this.delay = delay;
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> accepted() {
        return requests().stream().filter(Request::accepted).toList();
    }

    /** Waits until {@code enough} holds for the recorded requests, or the timeout passes. */
    List<Request> await(Predicate<List<Request>> enough, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!enough.test(requests()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return requests();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        Instant arrivedAt = Instant.now();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        int status;
        Duration wait;
        synchronized (this) {
            status = script.isEmpty() ? defaultStatus : script.poll();
            wait = delay;
        }
        if (!wait.isZero()) {
            try {
                Thread.sleep(wait.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body, arrived, arrivedAt, status));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
