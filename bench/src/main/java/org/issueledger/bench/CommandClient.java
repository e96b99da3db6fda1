package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/** Commands to the command-service over HTTP, as an integrating system sends them. */
final class CommandClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Context context;

    CommandClient(Context context) {
        this.context = context;
    }

    /** An answer and how long it took, from sending the request to the last byte of the answer. */
    record Answer(int status, String body, long nanos) {

        boolean accepted() {
            return status >= 200 && status < 300;
        }

        UUID issueId() {
            return UUID.fromString(body.replaceAll(".*\"issueId\":\"([^\"]+)\".*", "$1"));
        }
    }

    /** @param actor who would send it; recorded only as the authenticated key's name, so here for the reader */
    Answer post(String path, String actor, String body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(context.settings.commandUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-API-Key", Context.API_KEY)
                .header("X-Source-System", "bench")
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = context.http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), System.nanoTime() - start);
        } catch (java.net.http.HttpTimeoutException e) {
            // Not accepted (status 0), but measured: a scenario reports its figures with the timeouts counted
            // as refusals instead of stopping at the first one.
            return new Answer(0, "no answer within " + TIMEOUT.toSeconds() + " s", System.nanoTime() - start);
        }
    }

    /** Like {@link #post}, but a refusal is an error: for load that must be accepted to mean anything. */
    Answer accepted(String path, String actor, String body) throws Exception {
        Answer answer = post(path, actor, body);
        if (!answer.accepted()) {
            throw new IllegalStateException("POST " + path + " answered " + answer.status() + ": " + answer.body());
        }
        return answer;
    }

    UUID create(int i) throws Exception {
        return accepted("/api/issues", "reporter", """
                {"title":"Disk full on db-%d","description":"Reported by monitoring","category":"database",
                 "component":"storage","priority":"P%d","reporter":"rita","team":"team-%02d"}"""
                .formatted(i % 200, 1 + i % 4, i % 20)).issueId();
    }

    /** {@code count} issues created, assigned and started by {@code clients} clients side by side. */
    UUID[] startedIssues(int count, int clients) throws Exception {
        UUID[] ids = new UUID[count];
        CommandThroughputScenario.inParallel(clients, c -> {
            for (int i = c; i < count; i += clients) {
                ids[i] = create(i);
                accepted("/api/issues/" + ids[i] + "/assign", "dispatcher", firstOwner(i));
                accepted("/api/issues/" + ids[i] + "/start", "agent", "");
            }
        });
        return ids;
    }

    /**
     * The commands an issue goes through, over and over, once assigned and started: each step is legal after the
     * one before, so a client that owns its issues never sees a refusal. Owners alternate so every assign changes it.
     */
    static String[][] cycle(int owner) {
        return new String[][] {
                {"/comments", "{\"text\":\"Looking into it\",\"publicComment\":true}"},
                {"/hold", "{\"reason\":\"waiting for the customer\"}"},
                {"/resume", ""},
                {"/assign", "{\"owner\":\"agent-" + (owner % 50) + "-b\"}"},
                {"/resolve", "{\"resolutionCode\":\"FIXED\",\"solutionSummary\":\"Cleaned up\"}"},
                {"/reopen", "{\"reason\":\"it came back\"}"},
                {"/assign", "{\"owner\":\"agent-" + (owner % 50) + "-a\"}"},
        };
    }

    static String firstOwner(int owner) {
        return "{\"owner\":\"agent-" + (owner % 50) + "-a\"}";
    }
}
