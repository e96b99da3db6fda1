package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Policy versions and what-if, September 2023. Policy "acme" version 1 gives P2 4 h / 24 h; version 2 (effective
 * mid-September) tightens P2 to 1 h / 8 h. Issue one arrives under version 1 and is answered after 2 h and
 * resolved after 6 h; issue two arrives under version 2, with the same 2 h and 6 h.
 */
class SlaWhatIfTest extends SlaTestSupport {

    @Autowired
    JsonMapper json;

    private final String team = freshTeam("acme");
    private final String policyId = "acme-" + UUID.randomUUID().toString().substring(0, 8);
    private final SlaPolicy v1 = policy(policyId, 1, "2023-01-01T00:00:00Z", Duration.ofHours(4), Duration.ofHours(24));
    private final SlaPolicy v2 = policy(policyId, 2, "2023-09-15T00:00:00Z", Duration.ofHours(1), Duration.ofHours(8));

    private final SlaHistory underV1 = new SlaHistory()
            .opened("2023-09-04T09:00", Priority.P2, team, "email", v1)
            .acknowledged("2023-09-04T11:00")
            .clockStopped("2023-09-04T11:00", ClockKind.FIRST_RESPONSE, "4h", "2h", "2023-09-04T13:00", true)
            .resolved("2023-09-04T15:00")
            .clockStopped("2023-09-04T15:00", ClockKind.RESOLUTION, "24h", "6h", "2023-09-05T09:00", true);
    private final SlaHistory underV2 = new SlaHistory()
            .opened("2023-09-18T09:00", Priority.P2, team, "email", v2)
            .warned("2023-09-18T09:48", ClockKind.FIRST_RESPONSE, "1h", "2023-09-18T10:00")
            .breached("2023-09-18T10:00", ClockKind.FIRST_RESPONSE, "1h", "2023-09-18T10:00")
            .acknowledged("2023-09-18T11:00")
            .clockStopped("2023-09-18T11:00", ClockKind.FIRST_RESPONSE, "1h", "2h", "2023-09-18T10:00", false)
            .resolved("2023-09-18T15:00")
            .clockStopped("2023-09-18T15:00", ClockKind.RESOLUTION, "8h", "6h", "2023-09-18T17:00", true);

    @Test
    void aPolicyChangeLeavesEarlierMeasurementsUnchanged() {
        tell(underV1);
        JsonNode before = get("/api/sla/issues/{id}", underV1.id()).get("clocks");

        tell(underV2);

        assertThat(get("/api/sla/issues/{id}", underV1.id()).get("clocks")).isEqualTo(before);
        assertThat(measurements(underV1)).containsExactly(
                "MET v1 P2 target=PT4H elapsed=PT2H paused=PT0S",
                "MET v1 P2 target=PT24H elapsed=PT6H paused=PT0S");
        assertThat(measurements(underV2)).containsExactly(
                "BREACHED v2 P2 target=PT1H elapsed=PT2H paused=PT0S",
                "MET v2 P2 target=PT8H elapsed=PT6H paused=PT0S");
        List<String> versions = new ArrayList<>();
        for (JsonNode stored : get("/api/sla/policies").get("policies")) {
            if (text(stored.get("policyId")).equals(policyId)) {
                versions.add("v" + text(stored.get("version")) + " from " + text(stored.get("effectiveFrom")));
            }
        }
        assertThat(versions).containsExactly("v1 from 2023-01-01T00:00:00Z", "v2 from 2023-09-15T00:00:00Z");
    }

    @Test
    void whatIfUnderAStricterVersionShowsTheBreachesItWouldHaveCausedWithoutChangingAnything() {
        tell(underV1, underV2);
        JsonNode stored = get("/api/sla/issues/{id}", underV1.id()).get("clocks");

        JsonNode answer = whatIf(policyId + ":2", "");

        JsonNode total = answer.get("total");
        assertThat(figures(total.get("actual").get("firstResponse")))
                .isEqualTo("met=1 breached=1 running=0 compliance=50.0 stopped=2 mean=2.0 median=2.0 p90=2.0");
        assertThat(figures(total.get("whatIf").get("firstResponse")))
                .isEqualTo("met=0 breached=2 running=0 compliance=0.0 stopped=2 mean=2.0 median=2.0 p90=2.0");
        assertThat(figures(total.get("actual").get("resolution")))
                .isEqualTo("met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=6.0 median=6.0 p90=6.0");
        assertThat(figures(total.get("whatIf").get("resolution")))
                .isEqualTo("met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=6.0 median=6.0 p90=6.0");
        assertThat(text(total.get("firstResponseDelta")) + " " + text(total.get("resolutionDelta")))
                .isEqualTo("-50.0 0.0");
        assertThat(text(answer.get("policy").get("id")) + " v" + text(answer.get("policy").get("version")))
                .isEqualTo(policyId + " v2");
        assertThat(get("/api/sla/issues/{id}", underV1.id()).get("clocks")).as("nothing stored changes").isEqualTo(stored);
    }

    @Test
    void whatIfUnderALooserInlinePolicyShowsTheBreachesItWouldHaveAvoided() {
        tell(underV1, underV2);
        SlaPolicy looser = policy("looser", 0, "2023-01-01T00:00:00Z", Duration.ofHours(3), Duration.ofHours(5));

        JsonNode total = whatIf(json.writeValueAsString(looser), "").get("total");

        assertThat(figures(total.get("whatIf").get("firstResponse")))
                .isEqualTo("met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=2.0 median=2.0 p90=2.0");
        assertThat(figures(total.get("whatIf").get("resolution")))
                .isEqualTo("met=0 breached=2 running=0 compliance=0.0 stopped=2 mean=6.0 median=6.0 p90=6.0");
        assertThat(text(total.get("firstResponseDelta")) + " " + text(total.get("resolutionDelta")))
                .isEqualTo("50.0 -100.0");
    }

    @Test
    void whatIfUnderTheAttachedPolicyReproducesTheMeasuredFigures() {
        String storyTeam = freshTeam("mail");
        tell(SlaStory.of(storyTeam));

        JsonNode answer = get("/api/sla/what-if?policy=default:1&from={from}&to={to}&team={team}"
                + "&groupBy=priority,category", SlaStory.FROM, SlaStory.TO, storyTeam);

        assertThat(answer.get("total").get("whatIf")).isEqualTo(answer.get("total").get("actual"));
        assertThat(answer.get("rows")).hasSize(5);
        for (JsonNode row : answer.get("rows")) {
            assertThat(row.get("whatIf")).as(row.get("group").toString()).isEqualTo(row.get("actual"));
        }
        assertThat(figures(answer.get("total").get("whatIf").get("resolution")))
                .isEqualTo("met=4 breached=1 running=1 compliance=80.0 stopped=5 mean=12.7 median=6.0 p90=25.6");
    }

    @Test
    void partialInlinePolicyTakesTheRestFromTheNewestStoredVersion() {
        tell(underV1, underV2);

        JsonNode policy = whatIf("{\"targets\": {\"P2\": {\"firstResponse\": \"PT3H\", \"resolution\": \"PT5H\"}}}", "")
                .get("policy");

        JsonNode newest = newestStoredPolicy();
        assertThat(text(policy.get("id")) + " v" + text(policy.get("version"))).isEqualTo("what-if v0");
        assertThat(policy.get("targets").get("P1")).isEqualTo(newest.get("targets").get("P1"));
        assertThat(policy.get("calendar")).isEqualTo(newest.get("calendar"));
        assertThat(policy.get("warningPercent")).isEqualTo(newest.get("warningPercent"));
        assertThat(policy.get("targets").get("P2")).isNotEqualTo(newest.get("targets").get("P2"));
    }

    @Test
    void whatIfByPlainVersionNumberWhenOnlyOnePolicyHasIt() {
        SlaPolicy seventh = policy("seven-" + UUID.randomUUID(), 7, "2023-01-01T00:00:00Z", Duration.ofHours(1),
                Duration.ofHours(1));
        String seventhTeam = freshTeam("seven");
        tell(new SlaHistory().opened("2023-09-11T09:00", Priority.P2, seventhTeam, "email", seventh));

        JsonNode answer = get("/api/sla/what-if?policy=7&team={team}&groupBy=team", seventhTeam);

        assertThat(text(answer.get("policy").get("id"))).isEqualTo(seventh.id());
        assertThat(answer.get("rows").get(0).get("group").get("team").stringValue()).isEqualTo(seventhTeam);
        assertThat(answer.get("rows").get(0).get("whatIf").get("firstResponse").get("breached").longValue())
                .as("an hour-long target long past").isEqualTo(1);
    }

    private JsonNode whatIf(String policy, String extra) {
        return get("/api/sla/what-if?policy={policy}&from=2023-09-01&to=2023-09-30&team={team}" + extra, policy, team);
    }

    private JsonNode newestStoredPolicy() {
        List<JsonNode> stored = new ArrayList<>();
        get("/api/sla/policies").get("policies").forEach(stored::add);
        return stored.stream()
                .max(Comparator.<JsonNode, Instant>comparing(p -> Instant.parse(text(p.get("effectiveFrom"))))
                        .thenComparingInt(p -> p.get("version").intValue())
                        .thenComparing(p -> text(p.get("policyId")), Comparator.reverseOrder()))
                .orElseThrow()
                .get("policy");
    }

    private List<String> measurements(SlaHistory issue) {
        JsonNode answer = get("/api/sla/issues/{id}", issue.id());
        return List.of(measurement(clock(answer, "FIRST_RESPONSE")), measurement(clock(answer, "RESOLUTION")));
    }

    /** The shipped default with P2 replaced, round the clock. */
    private static SlaPolicy policy(String id, int version, String effectiveFrom, Duration p2FirstResponse,
                                    Duration p2Resolution) {
        Map<Priority, SlaPolicy.Targets> targets = new EnumMap<>(SlaPolicy.defaults().targets());
        targets.put(Priority.P2, new SlaPolicy.Targets(p2FirstResponse, p2Resolution));
        return new SlaPolicy(id, version, Instant.parse(effectiveFrom), targets, 80, SlaPolicy.defaults().ladder(),
                BusinessCalendar.twentyFourSeven());
    }
}
