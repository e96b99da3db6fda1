package org.issueledger.command.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.command.CommandServiceTestSupport.delete;
import static org.issueledger.command.CommandServiceTestSupport.get;
import static org.issueledger.command.CommandServiceTestSupport.post;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state as of an instant equals what was observed at that instant. A seeded random walk of legal
 * commands goes through the real HTTP API; after each one the test records what it expects the issue to
 * look like (its own model of the lifecycle, not the fold under test) and, from the event stream, when
 * the command's events were recorded. Random instants between two commands must then answer with the
 * observation made in between.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IssueStateAsOfTest {

    private static final List<String> PEOPLE = List.of("ana", "bo", "cy", "dee");
    private static final List<String> CATEGORIES = List.of("email", "network", "hardware");
    private static final List<String> PRIORITIES = List.of("P1", "P2", "P3", "P4");
    private static final int COMMANDS = 30;
    private static final int PROBES = 40;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "commands_asof");
    }

    @LocalServerPort
    int port;

    @Autowired
    JsonMapper json;

    /** What the test expects the issue to be after a command, and the record times of that command's events. */
    record Observation(String command, Expected expected, long lastSequence, Instant firstRecordedAt,
                       Instant lastRecordedAt) {
    }

    record Expected(String status, String owner, Set<String> coHandlers, String priority, String category,
                    String component, int escalationLevel, int reopenCount, String resolutionCode, boolean verified,
                    String closeCode) {
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {7, 42, 2026})
    void stateAsOfAnyInstantIsTheStateObservedThen(long seed) throws Exception {
        Random random = new Random(seed);
        Walk walk = new Walk(random);
        List<Observation> observations = walk.run();

        for (int probe = 0; probe < PROBES; probe++) {
            int k = random.nextInt(observations.size());
            Observation then = observations.get(k);
            Instant until = k + 1 < observations.size() ? observations.get(k + 1).firstRecordedAt()
                    : then.lastRecordedAt().plus(Duration.ofDays(1));
            long span = Duration.between(then.lastRecordedAt(), until).toNanos();
            if (span <= 0) {
                continue; // two commands recorded in the same millisecond: no instant lies between them
            }
            // The edges on purpose now and then: the record time itself is included, the next one is not.
            long offset = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> span - 1;
                default -> (long) (random.nextDouble() * span);
            };
            Instant asOf = then.lastRecordedAt().plusNanos(offset);
            JsonNode state = state(walk.issue, asOf, 200);
            assertThat(observed(state)).as("seed %d, asOf %s: expected the state after command %d (%s); commands: %s",
                    seed, asOf, k, then.command(), walk.commands).isEqualTo(then.expected());
            assertThat(state.path("lastSequence").asLong()).as("seed %d, asOf %s", seed, asOf)
                    .isEqualTo(then.lastSequence());
            assertThat(state.path("eventsFolded").asLong()).isEqualTo(then.lastSequence() + 1);
            assertThat(Instant.parse(state.path("asOf").asString())).isEqualTo(asOf);
        }

        Observation first = observations.get(0);
        HttpResponse<String> before = get(port, "/api/issues/" + walk.issue + "/state?asOf="
                + first.firstRecordedAt().minusMillis(1));
        assertThat(before.statusCode()).as("seed %d", seed).isEqualTo(404);
        assertThat(json.readTree(before.body()).path("title").asString()).isEqualTo("Issue did not exist at that instant");

        JsonNode now = json.readTree(get(port, "/api/issues/" + walk.issue + "/state").body());
        assertThat(observed(now)).as("seed %d, no asOf", seed)
                .isEqualTo(observations.get(observations.size() - 1).expected());
    }

    @Test
    void malformedAsOfIsA400Problem() throws Exception {
        HttpResponse<String> response = get(port, "/api/issues/" + UUID.randomUUID() + "/state?asOf=yesterday");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void unknownIssueIsA404Problem() throws Exception {
        HttpResponse<String> response = get(port, "/api/issues/" + UUID.randomUUID() + "/state");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json.readTree(response.body()).path("title").asString()).isEqualTo("Unknown issue");
    }

    private JsonNode state(UUID issue, Instant asOf, int expectedStatus) throws Exception {
        HttpResponse<String> response = get(port, "/api/issues/" + issue + "/state?asOf=" + asOf);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    private static Expected observed(JsonNode state) {
        Set<String> coHandlers = new TreeSet<>();
        state.path("coHandlers").forEach(name -> coHandlers.add(name.asString()));
        JsonNode resolution = state.path("resolution");
        return new Expected(state.path("status").asString(), text(state.path("owner")), coHandlers,
                state.path("priority").asString(), state.path("category").asString(), text(state.path("component")),
                state.path("escalationLevel").asInt(), state.path("reopenCount").asInt(),
                text(resolution.path("resolutionCode")), resolution.path("verified").asBoolean(false),
                text(state.path("closure").path("closeCode")));
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() || node.isNull() ? null : node.asString();
    }

    /** One random walk through the lifecycle: the test's own model of what each legal command does. */
    private final class Walk {
        private final Random random;
        private final List<String> commands = new ArrayList<>();
        private UUID issue;
        private long lastSequence = -1;
        private String status = "OPEN";
        private String owner;
        private final Set<String> coHandlers = new TreeSet<>();
        private String priority = "P3";
        private String category = "email";
        private String component;
        private int escalationLevel;
        private int reopenCount;
        private boolean acknowledged;
        private String resolutionCode;
        private boolean verified;
        private String closeCode;

        Walk(Random random) {
            this.random = random;
        }

        List<Observation> run() throws Exception {
            List<Observation> observations = new ArrayList<>();
            HttpResponse<String> created = post(port, "/api/issues",
                    "{\"title\":\"Walk\",\"category\":\"email\",\"priority\":\"P3\",\"reporter\":\"rita\"}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            issue = UUID.fromString(json.readTree(created.body()).path("issueId").asString());
            observations.add(observe("create"));
            while (observations.size() <= COMMANDS && !status.equals("CANCELLED")) {
                // Record times have millisecond precision: keep two commands out of one millisecond.
                Thread.sleep(2);
                observations.add(observe(step()));
            }
            return observations;
        }

        private Observation observe(String command) throws Exception {
            commands.add(command);
            JsonNode events = json.readTree(get(port, "/api/issues/" + issue + "/events").body()).path("events");
            Instant first = null;
            Instant last = null;
            long sequence = lastSequence;
            for (JsonNode event : events) {
                if (event.path("sequence").asLong() > lastSequence) {
                    Instant recordedAt = Instant.parse(event.path("recordedAt").asString());
                    first = first == null ? recordedAt : first;
                    last = recordedAt;
                    sequence = event.path("sequence").asLong();
                }
            }
            assertThat(sequence).as("command %s appended events", command).isGreaterThan(lastSequence);
            lastSequence = sequence;
            return new Observation(command, new Expected(status, owner, Set.copyOf(coHandlers), priority, category,
                    component, escalationLevel, reopenCount, resolutionCode, verified, closeCode), sequence, first, last);
        }

        /** Sends one random command that is legal in the current state and applies it to the model. */
        private String step() throws Exception {
            boolean active = Set.of("OPEN", "ASSIGNED", "IN_PROGRESS", "ON_HOLD").contains(status);
            List<String> options = new ArrayList<>();
            if (active) {
                options.addAll(List.of("assign", "co-handler", "comment", "priority", "reclassify"));
                if (commands.size() > COMMANDS - 5) {
                    options.add("cancel"); // the end of the walk: only near its end, so that walks are long
                }
                if (!coHandlers.isEmpty()) {
                    options.add("remove-co-handler");
                }
                if (!acknowledged) {
                    options.add("acknowledge");
                }
                if (escalationLevel < 4) {
                    options.add("escalate");
                }
            }
            switch (status) {
                case "ASSIGNED" -> options.addAll(List.of("start", "hold", "resolve", "resolve"));
                case "IN_PROGRESS" -> options.addAll(List.of("hold", "resolve", "resolve"));
                case "ON_HOLD" -> options.addAll(List.of("resume", "resume"));
                case "RESOLVED" -> options.addAll(verified ? List.of("close", "reopen", "comment")
                        : List.of("accept", "reject", "close", "reopen", "comment"));
                case "CLOSED" -> options.add("reopen");
                default -> { }
            }
            String choice = options.get(random.nextInt(options.size()));
            switch (choice) {
                case "assign" -> {
                    String next = pick(PEOPLE.stream().filter(p -> !p.equals(owner)).toList());
                    send("assign", "{\"owner\":\"" + next + "\"}");
                    owner = next;
                    coHandlers.remove(next);
                    status = status.equals("OPEN") ? "ASSIGNED" : status;
                }
                case "co-handler" -> {
                    List<String> free = PEOPLE.stream().filter(p -> !p.equals(owner) && !coHandlers.contains(p)).toList();
                    if (free.isEmpty()) {
                        return step();
                    }
                    String next = pick(free);
                    send("co-handlers", "{\"coHandler\":\"" + next + "\"}");
                    coHandlers.add(next);
                }
                case "remove-co-handler" -> {
                    String gone = pick(List.copyOf(coHandlers));
                    HttpResponse<String> removed = delete(port, "/api/issues/" + issue + "/co-handlers/" + gone);
                    assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
                    coHandlers.remove(gone);
                }
                case "comment" -> send("comments", "{\"text\":\"note\",\"publicComment\":false}");
                case "priority" -> {
                    String next = pick(PRIORITIES.stream().filter(p -> !p.equals(priority)).toList());
                    send("priority", "{\"priority\":\"" + next + "\"}");
                    priority = next;
                }
                case "reclassify" -> {
                    String next = pick(CATEGORIES.stream().filter(c -> !c.equals(category)).toList());
                    String part = random.nextBoolean() ? "part-" + random.nextInt(3) : null;
                    send("reclassify", "{\"category\":\"" + next + "\""
                            + (part == null ? "" : ",\"component\":\"" + part + "\"") + "}");
                    category = next;
                    component = part;
                }
                case "cancel" -> {
                    send("cancel", "{\"reason\":\"INVALID\"}");
                    status = "CANCELLED";
                }
                case "acknowledge" -> {
                    send("acknowledge", "{}");
                    acknowledged = true;
                }
                case "escalate" -> {
                    send("escalate", "{\"reason\":\"customer\"}");
                    escalationLevel++;
                }
                case "start", "resume" -> {
                    send(choice, "{}");
                    status = "IN_PROGRESS";
                }
                case "hold" -> {
                    send("hold", "{\"reason\":\"vendor\"}");
                    status = "ON_HOLD";
                }
                case "resolve" -> {
                    String code = "FIX-" + random.nextInt(100);
                    send("resolve", "{\"resolutionCode\":\"" + code + "\",\"solutionSummary\":\"done\"}");
                    status = "RESOLVED";
                    resolutionCode = code;
                    verified = false;
                }
                case "accept" -> {
                    send("verify", "{\"accepted\":true}");
                    verified = true;
                }
                case "reject", "reopen" -> {
                    send(choice.equals("reject") ? "verify" : "reopen",
                            choice.equals("reject") ? "{\"accepted\":false}" : "{\"reason\":\"again\"}");
                    status = "IN_PROGRESS";
                    reopenCount++;
                    resolutionCode = null;
                    verified = false;
                    closeCode = null;
                }
                case "close" -> {
                    String code = "DONE-" + random.nextInt(10);
                    send("close", "{\"closeCode\":\"" + code + "\"}");
                    status = "CLOSED";
                    closeCode = code;
                }
                default -> throw new IllegalStateException(choice);
            }
            return choice;
        }

        private void send(String verb, String body) throws Exception {
            HttpResponse<String> response = post(port, "/api/issues/" + issue + "/" + verb, body);
            assertThat(response.statusCode()).as("%s %s after %s: %s", verb, body, commands, response.body())
                    .isEqualTo(200);
        }

        private String pick(List<String> from) {
            return from.get(random.nextInt(from.size()));
        }
    }
}
