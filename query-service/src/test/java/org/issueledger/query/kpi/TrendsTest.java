package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** {@code /api/trends} on {@link MayStory}. */
class TrendsTest extends KpiTestSupport {

    @Test
    void createdPerDayHasEveryDayOfThePeriod() {
        tell(MayStory.of(team));

        JsonNode trend = trend("created", "day", "2031-05-01", "2031-05-07");

        assertThat(values(trend)).containsExactly("0", "1", "0", "0", "1", "0", "0");
        assertThat(trend.get("points").get(1).get("start").stringValue()).isEqualTo("2031-05-02");
        assertThat(trend.get("unit").stringValue()).isEqualTo("issues");
    }

    @Test
    void weeksStartOnMondayAndAreCutToThePeriod() {
        tell(MayStory.of(team));

        JsonNode created = trend("created", "week", MayStory.FROM, MayStory.TO);

        assertThat(values(created)).containsExactly("1", "2", "0", "2", "0");
        assertThat(spans(created)).containsExactly("2031-05-01..2031-05-04", "2031-05-05..2031-05-11",
                "2031-05-12..2031-05-18", "2031-05-19..2031-05-25", "2031-05-26..2031-05-31");
        assertThat(values(trend("closed", "week", MayStory.FROM, MayStory.TO))).containsExactly("1", "1", "0", "0", "0");
    }

    @Test
    void backlogIsTheNumberInWorkAtTheEndOfEachBucketIncludingIssuesFromBefore() {
        tell(MayStory.of(team));

        assertThat(values(trend("backlog", "week", MayStory.FROM, MayStory.TO))).containsExactly("1", "1", "1", "3", "3");
        assertThat(values(trend("backlog", "day", "2031-05-02", "2031-05-03"))).containsExactly("2", "1");
    }

    @Test
    void mttrIsTheMeanResolveTimeOfTheIssuesResolvedInEachBucket() {
        tell(MayStory.of(team));

        JsonNode monthly = trend("mttr", "month", MayStory.FROM, MayStory.TO);
        assertThat(values(monthly)).containsExactly("72.0");
        assertThat(monthly.get("unit").stringValue()).isEqualTo("hours");
        // B's first resolution (48 h, on 05-07) was rejected: only its final one (120 h, on 05-10) counts.
        assertThat(values(trend("mttr", "week", MayStory.FROM, MayStory.TO)))
                .containsExactly("24.0", "120.0", "null", "null", "null");
    }

    @Test
    void csvAnswerHasOneLinePerBucket() {
        tell(MayStory.of(team));

        assertThat(csv("/api/trends?metric=created&interval=week&from={from}&to={to}&team={team}", MayStory.FROM,
                MayStory.TO, team)).isEqualTo("""
                start,end,created\r
                2031-05-01,2031-05-04,1\r
                2031-05-05,2031-05-11,2\r
                2031-05-12,2031-05-18,0\r
                2031-05-19,2031-05-25,2\r
                2031-05-26,2031-05-31,0\r
                """);
    }

    @Test
    void badParametersAreAnswered400NamingTheParameter() {
        assertBadParameter("/api/trends", "metric");
        assertBadParameter("/api/trends?metric=velocity", "metric");
        assertBadParameter("/api/trends?metric=created&interval=hour", "interval");
        assertBadParameter("/api/trends?metric=created&interval=day&from=2029-01-01&to=2031-12-31", "interval");
        assertBadParameter("/api/trends?metric=created&from=someday", "from");
    }

    private JsonNode trend(String metric, String interval, String from, String to) {
        return get("/api/trends?metric={metric}&interval={interval}&from={from}&to={to}&team={team}", metric, interval,
                from, to, team);
    }

    private static List<String> values(JsonNode trend) {
        List<String> values = new ArrayList<>();
        trend.get("points").forEach(point -> values.add(text(point.get("value"))));
        return values;
    }

    private static List<String> spans(JsonNode trend) {
        List<String> spans = new ArrayList<>();
        trend.get("points").forEach(point -> spans.add(point.get("start").stringValue() + ".."
                + point.get("end").stringValue()));
        return spans;
    }
}
