package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/sla/at-risk}: running clocks past their warning, soonest due first; times relative to now. */
class SlaAtRiskTest extends SlaTestSupport {

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final String team = freshTeam("desk");

    /** P1 opened 3 h ago: first response due 2 h ago, breached and still running. */
    private final SlaHistory overdue = new SlaHistory()
            .opened(ago("3h"), Priority.P1, team, "network", SlaPolicy.defaults())
            .warned(ago("2h12m"), ClockKind.FIRST_RESPONSE, "1h", ago("2h"))
            .breached(ago("2h"), ClockKind.FIRST_RESPONSE, "1h", ago("2h"));
    /** P2 opened 3 h 30 min ago: first response warned 18 min ago, due in 30 min. */
    private final SlaHistory dueIn30 = new SlaHistory()
            .opened(ago("3h30m"), Priority.P2, team, "email", SlaPolicy.defaults())
            .warned(ago("18m"), ClockKind.FIRST_RESPONSE, "4h", in("30m"));
    /** P2 opened 3 h 20 min ago: first response warned 8 min ago, due in 40 min. */
    private final SlaHistory dueIn40 = new SlaHistory()
            .opened(ago("3h20m"), Priority.P2, team, "email", SlaPolicy.defaults())
            .warned(ago("8m"), ClockKind.FIRST_RESPONSE, "4h", in("40m"));
    /** P2 opened an hour ago: its warning is still ahead. */
    private final SlaHistory early = new SlaHistory()
            .opened(ago("1h"), Priority.P2, team, "email", SlaPolicy.defaults());
    /** P2 answered in time: the first-response clock stopped before its warning. */
    private final SlaHistory answered = new SlaHistory()
            .opened(ago("3h30m"), Priority.P2, team, "email", SlaPolicy.defaults())
            .acknowledged(ago("3h"))
            .clockStopped(ago("3h"), ClockKind.FIRST_RESPONSE, "4h", "30m", in("30m"), true);
    /** P1 on hold: its resolution warning instant has passed, but a paused clock cannot breach. */
    private final SlaHistory onHold = new SlaHistory()
            .opened(ago("10h"), Priority.P1, team, "email", SlaPolicy.defaults())
            .acknowledged(ago("9h50m"))
            .clockStopped(ago("9h50m"), ClockKind.FIRST_RESPONSE, "1h", "10m", ago("9h"), true)
            .onHold(ago("9h"), "waiting for vendor")
            .clockPaused(ago("9h"), "waiting for vendor", "1h", ago("6h"));

    @Test
    void runningClocksPastTheirWarningAreListedSoonestDueFirst() {
        tell(dueIn40, early, overdue, answered, onHold, dueIn30);

        JsonNode answer = get("/api/sla/at-risk?team={team}", team);

        assertThat(lines(answer)).containsExactly(
                overdue.id() + " FIRST_RESPONSE BREACHED overdue=true elapsed=PT3H",
                dueIn30.id() + " FIRST_RESPONSE RUNNING overdue=false elapsed=PT3H30M",
                dueIn40.id() + " FIRST_RESPONSE RUNNING overdue=false elapsed=PT3H20M");
        assertThat(text(answer.get("clocks").get(0).get("dueAt"))).isEqualTo(ago("2h"));
        assertThat(answer.get("freshness").has("pendingEvents")).isTrue();
    }

    @Test
    void theLimitKeepsTheSoonestDue() {
        tell(dueIn40, overdue, dueIn30);

        JsonNode answer = get("/api/sla/at-risk?team={team}&limit=2", team);

        assertThat(answer.get("clocks")).hasSize(2);
        assertThat(text(answer.get("clocks").get(1).get("issueId"))).isEqualTo(dueIn30.id().toString());
        String[] csv = csv("/api/sla/at-risk?team={team}&limit=1&format=csv", team).split("\r\n");
        assertThat(csv).hasSize(2);
        assertThat(csv[0]).isEqualTo("issueId,clock,state,team,category,priority,policyVersion,target,warningAt,dueAt,"
                + "businessTimeElapsed,overdue");
        assertThat(csv[1]).startsWith(overdue.id() + ",FIRST_RESPONSE,BREACHED," + team + ",network,P1,1,PT1H,");
    }

    /** Elapsed is read at the answer's own instant, a little after this test's {@code now}: stated as of {@code now}. */
    private List<String> lines(JsonNode answer) {
        Instant asOf = Instant.parse(text(answer.get("asOf")));
        assertThat(asOf).isBetween(now, now.plus(Duration.ofMinutes(1)));
        List<String> lines = new ArrayList<>();
        for (JsonNode clock : answer.get("clocks")) {
            Duration atAsOf = Duration.parse(text(clock.get("businessTimeElapsed")));
            Duration elapsed = Duration.ofSeconds(Math.round(atAsOf.minus(Duration.between(now, asOf)).toMillis() / 1000.0));
            lines.add(text(clock.get("issueId")) + " " + text(clock.get("clock")) + " " + text(clock.get("state"))
                    + " overdue=" + text(clock.get("overdue")) + " elapsed=" + elapsed);
        }
        return lines;
    }

    private String ago(String duration) {
        return now.minus(SlaHistory.duration(duration)).toString();
    }

    private String in(String duration) {
        return now.plus(SlaHistory.duration(duration)).toString();
    }
}
