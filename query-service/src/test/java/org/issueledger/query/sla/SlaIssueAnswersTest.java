package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/sla/issues/{id}} on {@link SlaStory}: each clock as the command side measured it. */
class SlaIssueAnswersTest extends SlaTestSupport {

    @Test
    void eachClockShowsItsTargetElapsedBusinessTimePausedTimeStateAndPolicyVersion() {
        SlaStory story = SlaStory.of(freshTeam("mail"));
        tell(story);

        assertThat(measurements(story.met)).containsExactly(
                "MET v1 P2 target=PT4H elapsed=PT1H paused=PT0S",
                "MET v1 P2 target=PT24H elapsed=PT6H paused=PT0S");
        assertThat(measurements(story.breached)).containsExactly(
                "BREACHED v1 P1 target=PT1H elapsed=PT1H30M paused=PT0S",
                "MET v1 P1 target=PT4H elapsed=PT3H paused=PT0S");
        assertThat(measurements(story.paused)).containsExactly(
                "MET v1 P3 target=PT24H elapsed=PT30M paused=PT0S",
                "MET v1 P3 target=PT72H elapsed=PT25H paused=PT24H");
        assertThat(measurements(story.reopened)).containsExactly(
                "MET v1 P2 target=PT4H elapsed=PT20M paused=PT0S",
                "BREACHED v1 P2 target=PT24H elapsed=PT26H paused=PT0S");
        assertThat(measurements(story.retargeted)).containsExactly(
                "BREACHED v1 P1 target=PT1H elapsed=PT2H30M paused=PT0S",
                "MET v1 P1 target=PT4H elapsed=PT3H30M paused=PT0S");
    }

    @Test
    void anIssueAnswerNamesItsDimensionsSnapshotAndFreshness() {
        String team = freshTeam("mail");
        SlaStory story = SlaStory.of(team);
        tell(story);

        JsonNode issue = get("/api/sla/issues/{id}", story.retargeted.id());

        assertThat(text(issue.get("issueId"))).isEqualTo(story.retargeted.id().toString());
        assertThat(text(issue.get("team")) + " " + text(issue.get("category")) + " " + text(issue.get("priority"))
                + " " + text(issue.get("policyId")) + " v" + text(issue.get("policyVersion")))
                .isEqualTo(team + " hardware P1 default v1");
        assertThat(issue.get("freshness").has("lastGlobalPosition")).isTrue();
        assertThat(issue.get("freshness").has("pendingEvents")).isTrue();
        JsonNode firstResponse = clock(issue, "FIRST_RESPONSE");
        assertThat(text(firstResponse.get("startedAt"))).isEqualTo("2024-01-17T09:00:00Z");
        assertThat(text(firstResponse.get("warnedAt"))).isEqualTo("2024-01-17T11:00:00Z");
        assertThat(text(firstResponse.get("breachedAt"))).isEqualTo("2024-01-17T11:00:00Z");
        assertThat(text(firstResponse.get("stoppedAt"))).isEqualTo("2024-01-17T11:30:00Z");
        assertThat(text(firstResponse.get("dueAt"))).isEqualTo("2024-01-17T11:00:00Z");
    }

    @Test
    void aReopenedClockCarriesItsElapsedTimeOverAndStaysBreached() {
        SlaStory story = SlaStory.of(freshTeam("mail"));
        tell(story);

        JsonNode resolution = clock(get("/api/sla/issues/{id}", story.reopened.id()), "RESOLUTION");

        assertThat(text(resolution.get("warningAt"))).isEqualTo("2024-01-16T18:12:00Z");
        assertThat(text(resolution.get("warnedAt"))).isEqualTo("2024-01-16T18:12:00Z");
        assertThat(text(resolution.get("breachedAt"))).isEqualTo("2024-01-16T23:00:00Z");
        assertThat(text(resolution.get("stoppedAt"))).isEqualTo("2024-01-17T01:00:00Z");
    }

    @Test
    void aPausedClockCountsItsOngoingPauseUpToTheAnswersInstant() {
        SlaStory story = SlaStory.of(freshTeam("hw"));
        tell(story);

        JsonNode issue = get("/api/sla/issues/{id}", story.onHold.id());

        JsonNode resolution = clock(issue, "RESOLUTION");
        Instant asOf = Instant.parse(text(issue.get("asOf")));
        Duration sincePause = Duration.between(Instant.parse("2024-01-22T10:00:00Z"), asOf);
        assertThat(text(resolution.get("state")) + " " + text(resolution.get("businessTimeElapsed")) + " "
                + text(resolution.get("pauseReason")) + " since " + text(resolution.get("pausedSince")) + " pauses="
                + text(resolution.get("pauses")))
                .isEqualTo("PAUSED PT1H waiting for vendor since 2024-01-22T10:00:00Z pauses=1");
        assertThat(Duration.parse(text(resolution.get("pausedBusinessTime"))))
                .isEqualTo(Duration.ofMillis(sincePause.toMillis()));
        assertThat(Duration.parse(text(resolution.get("pausedWallTime"))))
                .isEqualTo(Duration.ofMillis(sincePause.toMillis()));
        assertThat(measurement(clock(issue, "FIRST_RESPONSE"))).isEqualTo("MET v1 P4 target=PT72H elapsed=PT30M paused=PT0S");
    }

    /** Office hours 09:00–17:00 Berlin (UTC+1 in March): a hold from Monday 16:00 to Tuesday 10:00 is 2 h of work. */
    @Test
    void pausedBusinessTimeCountsOnlyTheWorkingHoursOfTheSnapshotsCalendar() {
        SlaPolicy office = new SlaPolicy("office-" + UUID.randomUUID(), 1, Instant.parse("2020-01-01T00:00:00Z"),
                SlaPolicy.defaults().targets(), 80, SlaPolicy.defaults().ladder(),
                BusinessCalendar.officeHours("EU office", "Europe/Berlin", LocalTime.of(9, 0), LocalTime.of(17, 0),
                        null));
        SlaHistory issue = new SlaHistory()
                .opened("2024-03-04T09:00", Priority.P2, freshTeam("office"), "email", office)
                .acknowledged("2024-03-04T10:00")
                .clockStopped("2024-03-04T10:00", ClockKind.FIRST_RESPONSE, "4h", "1h", "2024-03-04T13:00", true)
                .onHold("2024-03-04T15:00", "waiting for customer")
                .clockPaused("2024-03-04T15:00", "waiting for customer", "6h", "2024-03-07T09:00")
                .backToWork("2024-03-05T09:00")
                .clockResumed("2024-03-05T09:00", ClockKind.RESOLUTION, "24h", "6h", "2024-03-06T14:12",
                        "2024-03-07T11:00")
                .resolved("2024-03-05T11:00")
                .clockStopped("2024-03-05T11:00", ClockKind.RESOLUTION, "24h", "8h", "2024-03-07T11:00", true);
        tell(issue);

        JsonNode resolution = clock(get("/api/sla/issues/{id}", issue.id()), "RESOLUTION");

        assertThat(measurement(resolution)).isEqualTo("MET v1 P2 target=PT24H elapsed=PT8H paused=PT2H");
        assertThat(text(resolution.get("pausedWallTime"))).isEqualTo("PT18H");
        assertThat(text(resolution.get("warningAt"))).isEqualTo("2024-03-06T14:12:00Z");
    }

    @Test
    void aRunningClockIsReadUpToTheAnswersInstantInTheSnapshotsCalendar() {
        Instant start = Instant.now().minus(Duration.ofMinutes(90)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        SlaHistory issue = new SlaHistory().opened(start.toString(), Priority.P2, freshTeam("live"), "email",
                SlaPolicy.defaults());
        tell(issue);

        JsonNode answer = get("/api/sla/issues/{id}", issue.id());

        Instant asOf = Instant.parse(text(answer.get("asOf")));
        for (String kind : List.of("FIRST_RESPONSE", "RESOLUTION")) {
            JsonNode clock = clock(answer, kind);
            assertThat(text(clock.get("state"))).isEqualTo("RUNNING");
            assertThat(Duration.parse(text(clock.get("businessTimeElapsed"))))
                    .isEqualTo(Duration.ofMillis(Duration.between(start, asOf).toMillis()));
        }
    }

    @Test
    void redeliveredEventIsAppliedOnce() {
        SlaStory story = SlaStory.of(freshTeam("mail"));
        tell(story.paused, story.onHold);
        List<String> once = measurements(story.paused);

        tell(story.paused, story.onHold);
        for (EventEnvelope event : story.paused.events()) {
            apply(event);
        }
        List<EventEnvelope> onHold = story.onHold.events();
        apply(onHold.get(onHold.size() - 1)); // the pause, the issue's latest event, once more

        assertThat(measurements(story.paused)).isEqualTo(once);
        JsonNode resolution = clock(get("/api/sla/issues/{id}", story.paused.id()), "RESOLUTION");
        assertThat(text(resolution.get("pauses")) + " " + text(resolution.get("pausedWallTime"))).isEqualTo("1 PT24H");
        assertThat(clock(get("/api/sla/issues/{id}", story.onHold.id()), "RESOLUTION").get("pauses").intValue())
                .isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM sla_fact WHERE issue_id = :id")
                .param("id", story.paused.id()).query(Long.class).single())
                .as("created, first response, hold, resume, resolved").isEqualTo(5);
        assertThat(jdbc.sql("SELECT count(*) FROM sla_policy_version WHERE policy_id = 'default' AND version = 1")
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void anIssueWithoutAnSlaPolicyHasNoClocks() {
        SlaHistory issue = new SlaHistory().opened("2024-01-08T09:00", Priority.P2, freshTeam("mail"), "email",
                SlaPolicy.defaults());
        apply(issue.events().get(0)); // the creation alone, as for an issue from before SLAs existed

        assertThat(get("/api/sla/issues/{id}", issue.id()).get("clocks")).isEmpty();
    }

    @Test
    void unknownIssueIsAnsweredWithProblem404() {
        UUID unknown = UUID.randomUUID();
        http.get().uri("/api/sla/issues/{id}", unknown)
                .exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status").isEqualTo(404)
                .jsonPath("$.issueId").isEqualTo(unknown.toString());
    }

    private List<String> measurements(SlaHistory issue) {
        JsonNode answer = get("/api/sla/issues/{id}", issue.id());
        return List.of(measurement(clock(answer, "FIRST_RESPONSE")), measurement(clock(answer, "RESOLUTION")));
    }
}
