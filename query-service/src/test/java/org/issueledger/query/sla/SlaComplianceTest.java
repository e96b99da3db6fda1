package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code GET /api/sla/compliance}: every figure worked out by hand (see {@link SlaStory}). */
class SlaComplianceTest extends SlaTestSupport {

    @Test
    void totalsCountMetBreachedRunningWithComplianceAndBusinessTimeFigures() {
        String team = freshTeam("mail");
        tell(SlaStory.of(team));

        JsonNode report = get("/api/sla/compliance?from={from}&to={to}&team={team}", SlaStory.FROM, SlaStory.TO, team);

        JsonNode total = report.get("total");
        // first response: 1h, 30m, 20m, 30m met; 1h30m, 2h30m breached
        assertThat(figures(total.get("firstResponse")))
                .isEqualTo("met=4 breached=2 running=0 compliance=66.67 stopped=6 mean=1.06 median=0.75 p90=2.0");
        // resolution: 6h, 3h, 25h, 3h30m met; 26h breached; the one on hold is still running
        assertThat(figures(total.get("resolution")))
                .isEqualTo("met=4 breached=1 running=1 compliance=80.0 stopped=5 mean=12.7 median=6.0 p90=25.6");
        assertThat(report.get("rows")).hasSize(1);
        assertThat(report.get("rows").get(0)).isEqualTo(total);
        assertThat(text(report.get("from")) + " " + text(report.get("to")))
                .isEqualTo("2024-01-01T00:00:00Z 2024-02-01T00:00:00Z");
        assertThat(report.get("freshness").has("lastGlobalPosition")).isTrue();
    }

    @Test
    void theWindowIsOnTheClocksStart() {
        String team = freshTeam("mail");
        tell(SlaStory.of(team));

        // met (01-08), breached (01-09) and paused (01-10) started before 2024-01-10T12:00
        JsonNode total = get("/api/sla/compliance?to={to}&team={team}", "2024-01-10T12:00:00Z", team).get("total");

        assertThat(figures(total.get("firstResponse")))
                .isEqualTo("met=2 breached=1 running=0 compliance=66.67 stopped=3 mean=1.0 median=1.0 p90=1.4");
        assertThat(get("/api/sla/compliance?from={from}&team={team}", "2024-01-22", team).get("total")
                .get("resolution").get("running").longValue()).isEqualTo(1);
    }

    @Test
    void groupedByPriorityAClockCountsUnderThePriorityWhoseTargetItLastTook() {
        String team = freshTeam("mail");
        tell(SlaStory.of(team));

        JsonNode rows = get("/api/sla/compliance?from={from}&to={to}&team={team}&groupBy=priority",
                SlaStory.FROM, SlaStory.TO, team).get("rows");

        assertThat(lines(rows, "priority")).containsExactly(
                "P1 | met=0 breached=2 running=0 compliance=0.0 stopped=2 mean=2.0 median=2.0 p90=2.4"
                        + " | met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=3.25 median=3.25 p90=3.45",
                "P2 | met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=0.67 median=0.67 p90=0.93"
                        + " | met=1 breached=1 running=0 compliance=50.0 stopped=2 mean=16.0 median=16.0 p90=24.0",
                "P3 | met=1 breached=0 running=0 compliance=100.0 stopped=1 mean=0.5 median=0.5 p90=0.5"
                        + " | met=1 breached=0 running=0 compliance=100.0 stopped=1 mean=25.0 median=25.0 p90=25.0",
                "P4 | met=1 breached=0 running=0 compliance=100.0 stopped=1 mean=0.5 median=0.5 p90=0.5"
                        + " | met=0 breached=0 running=1 compliance=null stopped=0 mean=null median=null p90=null");
    }

    /**
     * May and June 2023, two teams of their own: alpha has a May issue met on both clocks and a June issue whose
     * first response was late; beta has a May issue resolved late.
     */
    @Test
    void groupedByTeamAndByMonthEachGroupHasItsOwnFigures() {
        String alpha = freshTeam("alpha");
        String beta = freshTeam("beta");
        tell(metOnBothClocks("2023-05-08T09:00", alpha), lateFirstResponse("2023-06-12T09:00", alpha),
                lateResolution("2023-05-10T09:00", beta));

        String window = "/api/sla/compliance?from=2023-05-01&to=2023-06-30";
        assertThat(lines(get(window + "&groupBy=team").get("rows"), "team")).containsExactly(
                alpha + " | met=1 breached=1 running=0 compliance=50.0 stopped=2 mean=1.5 median=1.5 p90=1.9"
                        + " | met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=2.5 median=2.5 p90=2.9",
                beta + " | met=1 breached=0 running=0 compliance=100.0 stopped=1 mean=0.17 median=0.17 p90=0.17"
                        + " | met=0 breached=1 running=0 compliance=0.0 stopped=1 mean=5.0 median=5.0 p90=5.0");
        assertThat(lines(get(window + "&groupBy=month").get("rows"), "month")).containsExactly(
                "2023-05 | met=2 breached=0 running=0 compliance=100.0 stopped=2 mean=0.58 median=0.58 p90=0.92"
                        + " | met=1 breached=1 running=0 compliance=50.0 stopped=2 mean=3.5 median=3.5 p90=4.7",
                "2023-06 | met=0 breached=1 running=0 compliance=0.0 stopped=1 mean=2.0 median=2.0 p90=2.0"
                        + " | met=1 breached=0 running=0 compliance=100.0 stopped=1 mean=3.0 median=3.0 p90=3.0");
        JsonNode combined = get(window + "&groupBy=team,month").get("rows");
        assertThat(combined).hasSize(3);
        assertThat(text(combined.get(0).get("group").get("team")) + " " + text(combined.get(0).get("group").get("month")))
                .isEqualTo(alpha + " 2023-05");
        assertThat(text(combined.get(2).get("group").get("team")) + " " + text(combined.get(2).get("group").get("month")))
                .isEqualTo(beta + " 2023-05");
        assertThat(get(window + "&groupBy=week").get("rows").get(0).get("group").get("week").stringValue())
                .isEqualTo("2023-05-08");
    }

    @Test
    void complianceIsAlsoServedAsCsv() {
        String team = freshTeam("mail");
        tell(SlaStory.of(team));

        String csv = csv("/api/sla/compliance?from={from}&to={to}&team={team}&groupBy=category", SlaStory.FROM,
                SlaStory.TO, team);

        assertThat(csv.split("\r\n")).containsExactly(
                "category,firstResponseMet,firstResponseBreached,firstResponseRunning,firstResponseCompliancePercent,"
                        + "firstResponseStopped,firstResponseMeanHours,firstResponseMedianHours,firstResponseP90Hours,"
                        + "resolutionMet,resolutionBreached,resolutionRunning,resolutionCompliancePercent,"
                        + "resolutionStopped,resolutionMeanHours,resolutionMedianHours,resolutionP90Hours",
                "email,3,0,0,100,3,0.61,0.5,0.9,2,1,0,66.67,3,19,25,25.8",
                "hardware,1,1,0,50,2,1.5,1.5,2.3,1,0,1,100,1,3.5,3.5,3.5",
                "network,0,1,0,0,1,1.5,1.5,1.5,1,0,0,100,1,3,3,3");
        assertThat(csv("/api/sla/compliance?format=csv&team={team}", team)).startsWith("firstResponseMet,");
    }

    private static SlaHistory metOnBothClocks(String at, String team) {
        SlaHistory issue = new SlaHistory().opened(at, Priority.P2, team, "email", SlaPolicy.defaults());
        String day = at.substring(0, 11);
        return issue.acknowledged(day + "10:00")
                .clockStopped(day + "10:00", ClockKind.FIRST_RESPONSE, "4h", "1h", day + "13:00", true)
                .resolved(day + "11:00")
                .clockStopped(day + "11:00", ClockKind.RESOLUTION, "24h", "2h", tomorrow(day) + "09:00", true);
    }

    private static SlaHistory lateFirstResponse(String at, String team) {
        SlaHistory issue = new SlaHistory().opened(at, Priority.P1, team, "network", SlaPolicy.defaults());
        String day = at.substring(0, 11);
        return issue.warned(day + "09:48", ClockKind.FIRST_RESPONSE, "1h", day + "10:00")
                .breached(day + "10:00", ClockKind.FIRST_RESPONSE, "1h", day + "10:00")
                .acknowledged(day + "11:00")
                .clockStopped(day + "11:00", ClockKind.FIRST_RESPONSE, "1h", "2h", day + "10:00", false)
                .resolved(day + "12:00")
                .clockStopped(day + "12:00", ClockKind.RESOLUTION, "4h", "3h", day + "13:00", true);
    }

    private static SlaHistory lateResolution(String at, String team) {
        SlaHistory issue = new SlaHistory().opened(at, Priority.P1, team, "network", SlaPolicy.defaults());
        String day = at.substring(0, 11);
        return issue.acknowledged(day + "09:10")
                .clockStopped(day + "09:10", ClockKind.FIRST_RESPONSE, "1h", "10m", day + "10:00", true)
                .warned(day + "12:12", ClockKind.RESOLUTION, "4h", day + "13:00")
                .breached(day + "13:00", ClockKind.RESOLUTION, "4h", day + "13:00")
                .resolved(day + "14:00")
                .clockStopped(day + "14:00", ClockKind.RESOLUTION, "4h", "5h", day + "13:00", false);
    }

    private static String tomorrow(String dayPrefix) {
        return java.time.LocalDate.parse(dayPrefix.substring(0, 10)).plusDays(1) + "T";
    }

    private static List<String> lines(JsonNode rows, String dimension) {
        List<String> lines = new ArrayList<>();
        for (JsonNode row : rows) {
            lines.add(text(row.get("group").get(dimension)) + " | " + figures(row.get("firstResponse")) + " | "
                    + figures(row.get("resolution")));
        }
        return lines;
    }
}
