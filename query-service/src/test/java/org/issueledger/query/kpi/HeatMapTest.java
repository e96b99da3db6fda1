package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/heatmap} on {@link MayStory}. */
class HeatMapTest extends KpiTestSupport {

    @Test
    void countsIssuesCreatedInThePeriodPerPairBusiestKeysFirst() {
        tell(MayStory.of(team));

        JsonNode map = heatMap("rows=priority&cols=category");

        assertThat(strings(map.get("rowKeys"))).containsExactly("P2", "P1", "P3", "P4");
        assertThat(strings(map.get("colKeys"))).containsExactly("email", "network", "hardware");
        assertThat(cells(map)).containsExactlyInAnyOrder("P1/network=1", "P2/network=1", "P2/email=1", "P3/email=1",
                "P4/hardware=1");
        assertThat(map.get("max").longValue()).isEqualTo(1);
    }

    @Test
    void teamByCategoryIsTheDefaultAndLimitKeepsTheBusiestKeys() {
        tell(MayStory.of(team));
        tell(IssueStory.created("2031-05-30T10:00", "Another mail thing", "email", null, Priority.P3, team));

        JsonNode map = heatMap("limit=1");

        assertThat(map.get("rows").stringValue()).isEqualTo("team");
        assertThat(map.get("cols").stringValue()).isEqualTo("category");
        assertThat(strings(map.get("colKeys"))).containsExactly("email");
        assertThat(cells(map)).containsExactly(team + "/email=3");
    }

    @Test
    void issuesWithoutAComponentFormAKeyOfTheirOwn() {
        tell(IssueStory.created("2031-05-30T10:00", "No component", "email", null, Priority.P3, team));

        JsonNode map = heatMap("rows=component&cols=priority");

        assertThat(map.get("rowKeys").get(0).isNull()).isTrue();
        assertThat(cells(map)).containsExactly("null/P3=1");
    }

    @Test
    void csvAnswerHasOneLinePerCell() {
        tell(IssueStory.created("2031-05-30T10:00", "No component", "email", null, Priority.P3, team),
                IssueStory.created("2031-05-30T11:00", "Quoted, \"really\"", "email, internal", "smtp", Priority.P3,
                        team));

        assertThat(csv("/api/heatmap?rows=category&cols=component&from={from}&to={to}&team={team}", MayStory.FROM,
                MayStory.TO, team)).isEqualTo("""
                category,component,count\r
                email,,1\r
                "email, internal",smtp,1\r
                """);
    }

    @Test
    void badParametersAreAnswered400NamingTheParameter() {
        assertBadParameter("/api/heatmap?rows=owner", "rows");
        assertBadParameter("/api/heatmap?cols=colour", "cols");
        assertBadParameter("/api/heatmap?rows=team&cols=team", "cols");
        assertBadParameter("/api/heatmap?limit=0", "limit");
        assertBadParameter("/api/heatmap?limit=101", "limit");
    }

    private JsonNode heatMap(String query) {
        return get("/api/heatmap?from={from}&to={to}&team={team}&" + query, MayStory.FROM, MayStory.TO, team);
    }

    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(node -> strings.add(text(node)));
        return strings;
    }

    private static List<String> cells(JsonNode map) {
        List<String> cells = new ArrayList<>();
        map.get("cells").forEach(cell -> cells.add(text(cell.get("row")) + "/" + text(cell.get("col")) + "="
                + cell.get("count")));
        return cells;
    }
}
