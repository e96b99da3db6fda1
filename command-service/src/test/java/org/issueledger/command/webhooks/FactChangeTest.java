package org.issueledger.command.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.issue.OwnerAssigned;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.TeamAssigned;
import org.junit.jupiter.api.Test;

/**
 * The facts read from a stored payload without binding it ({@link FactChange#read}) are those of the bound event, or
 * none when the JSON is not in the shape that makes sure of it (the processor then binds the event, as before).
 * IssueFactsTest reads every event type's stored form.
 */
class FactChangeTest {

    private static final ObjectMapper STORE = IssueFactsTest.STORE;
    private static final JsonFactory PARSERS = STORE.getFactory();
    private static final Instant AT = Instant.parse("2026-12-07T17:00:00.123Z");
    private static final String ISSUE = "00000000-0000-0000-0000-0000000000c1";

    @Test
    void randomTeamsPrioritiesOwnersAndActorsReadAsTheBoundEventHasThem() throws Exception {
        Random random = new Random(20261207);
        for (int i = 0; i < 5_000; i++) {
            UUID issue = new UUID(random.nextLong(), random.nextLong());
            Priority priority = random.nextInt(5) == 0 ? null : Priority.values()[random.nextInt(4)];
            for (IssueEvent event : List.of(
                    new IssueCreated(issue, text(random), text(random), "cat", null, priority, text(random),
                            "rita", AT, text(random)),
                    new TeamAssigned(issue, text(random), text(random), null, AT, text(random)),
                    new PriorityChanged(issue, priority, Priority.P4, AT, text(random)),
                    new OwnerAssigned(issue, text(random), text(random), i, AT, text(random), null),
                    new CommentAdded(issue, text(random), random.nextBoolean(), false, AT, text(random)))) {
                byte[] stored = STORE.writeValueAsBytes(event);
                assertThat(FactChange.read(EventType.of(event), stored, PARSERS)).as(new String(stored))
                        .isEqualTo(FactChange.of(event))
                        .isEqualTo(FactChange.of(STORE.readValue(stored, event.getClass())));
            }
        }
    }

    @Test
    void fieldsInAnotherOrderWithWhiteSpaceAndUnknownOnesReadAsBound() throws Exception {
        String json = """
                { "extra": {"nested": [1, {"team": "no"}]}, "actor" : "ana", "team": "ops",
                  "priority": "P2", "issueId": "00000000-0000-0000-0000-0000000000C1", "title": "t",
                  "occurredAt": "2026-12-07T17:00:00Z", "reporter": "rita" }
                """;
        assertReadAsBound(EventType.ISSUE_CREATED, json);
        assertReadAsBound(EventType.COMMENT_ADDED, """
                {"issueId":"%s","text":"x","team":7,"owner":[1],"priority":"high","actor":null,
                 "occurredAt":"2026-12-07T17:00:00Z"}""".formatted(ISSUE));
    }

    @Test
    void jsonNotInTheSureShapeIsLeftToBinding() {
        for (String json : List.of(
                // Jackson would coerce these, or read them in ways this reader does not repeat.
                "{\"issueId\":\"%s\",\"team\":5,\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":true}",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"p1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":0,\"actor\":\"ana\"}",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"\",\"actor\":\"ana\"}",
                // Twice, missing, not canonical.
                "{\"issueId\":\"%s\",\"issueId\":\"%1$s\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"team\":\"net\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"P1\"}",
                "{\"issueId\":\"%s\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":null,\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"AAAAAAAAAAAAAAAAAAAAwQ==\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"0-0-0-0-c1\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"}",
                "{\"issueId\":\"00000000x0000-0000-0000-0000000000c1\",\"team\":\"o\",\"priority\":\"P1\",\"actor\":\"a\"}",
                "{\"issueId\":\"00000000-0000-0000-0000-0000000000g1\",\"team\":\"o\",\"priority\":\"P1\",\"actor\":\"a\"}",
                // Not one JSON object.
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"} {}",
                "[{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"}]",
                "{\"issueId\":\"%s\",\"team\":\"ops\",\"priority\":\"P1\",\"actor\":\"ana\"",
                "{\"issueId\":\"%s\",\"team\":\"ops\" \"priority\":\"P1\",\"actor\":\"ana\"}",
                "",
                "null")) {
            byte[] stored = json.formatted(ISSUE).getBytes(StandardCharsets.UTF_8);
            assertThat(FactChange.read(EventType.ISSUE_CREATED, stored, PARSERS)).as(json).isNull();
        }
    }

    @Test
    void fieldsOfOtherTypesAreNotReadNorNeeded() {
        byte[] stored = ("{\"issueId\":\"" + ISSUE + "\",\"text\":\"hi\",\"actor\":\"ana\"}")
                .getBytes(StandardCharsets.UTF_8);
        assertThat(FactChange.read(EventType.COMMENT_ADDED, stored, PARSERS))
                .isEqualTo(new FactChange(EventType.COMMENT_ADDED, UUID.fromString(ISSUE), "ana", null, null, null));
        assertThat(FactChange.read(EventType.OWNER_ASSIGNED, stored, PARSERS)).as("an assignment names its owner")
                .isNull();
    }

    private static void assertReadAsBound(EventType type, String json) throws Exception {
        IssueEvent bound = STORE.readValue(json, type.javaType());
        assertThat(FactChange.read(type, json.getBytes(StandardCharsets.UTF_8), PARSERS)).as(json)
                .isEqualTo(FactChange.of(bound));
    }

    /** Null, plain, or with what JSON escapes: quotes, back slashes, control characters, non-ASCII, surrogate pairs. */
    private static String text(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> null;
            case 1 -> "ops";
            case 2 -> "system:rules";
            case 3 -> "a \"quoted\" \\ back\tslash\n";
            case 4 -> "Zoë 运维 \uD83D\uDE00";
            default -> Long.toString(random.nextLong(), 36);
        };
    }
}
