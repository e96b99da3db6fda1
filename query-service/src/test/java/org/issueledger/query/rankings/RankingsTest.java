package org.issueledger.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import tools.jackson.databind.JsonNode;

/**
 * Events into the projection, rankings out of the API, on a small data set with known answers. Windows end on
 * 2031-03-31: 7d is 03-25..03-31, compared with 03-18..03-24.
 */
class RankingsTest extends QueryServiceTestSupport {

    private static final String END = "2031-03-31";

    @Autowired
    RankingProjection projection;

    private final String team = IssueStory.freshTeam("ops");

    @Test
    void ranksRecurringFingerprintAboveOneOffs() {
        tellDiskAndMailStories();

        JsonNode ranking = ranking("fingerprint", "7d");

        assertThat(rows(ranking)).containsExactly(
                "1 disk full on db-# | infrastructure | storage count=3 share=0.6 previous=1 change=2",
                "2 printer jammed on floor # | facilities | printer count=1 share=0.2 previous=0 change=1",
                "3 vpn drops every # minutes | network | vpn count=1 share=0.2 previous=0 change=1");
        assertThat(ranking.get("total").longValue()).isEqualTo(5);
        assertThat(ranking.get("previousTotal").longValue()).isEqualTo(3);
        assertThat(ranking.get("from").stringValue()).isEqualTo("2031-03-25");
        assertThat(ranking.get("to").stringValue()).isEqualTo(END);
        assertThat(ranking.get("previousFrom").stringValue()).isEqualTo("2031-03-18");
        assertThat(ranking.get("previousTo").stringValue()).isEqualTo("2031-03-24");
        assertThat(ranking.get("freshness").has("lastGlobalPosition")).isTrue();
    }

    @Test
    void categoriesAreRankedPerWindowAgainstThePreviousWindowOfTheSameLength() {
        tellDiskAndMailStories();

        assertThat(rows(ranking("category", "7d"))).containsExactly(
                "1 infrastructure count=3 share=0.6 previous=1 change=2",
                "2 facilities count=1 share=0.2 previous=0 change=1",
                "3 network count=1 share=0.2 previous=0 change=1");
        assertThat(rows(ranking("category", "30d"))).containsExactly(
                "1 infrastructure count=4 share=0.5 previous=0 change=4",
                "2 email count=2 share=0.25 previous=0 change=2",
                "3 facilities count=1 share=0.125 previous=0 change=1",
                "4 network count=1 share=0.125 previous=0 change=1");
        JsonNode all = ranking("category", "all");
        assertThat(rows(all)).containsExactly(
                "1 infrastructure count=4 share=0.5 previous=null change=null",
                "2 email count=2 share=0.25 previous=null change=null",
                "3 facilities count=1 share=0.125 previous=null change=null",
                "4 network count=1 share=0.125 previous=null change=null");
        assertThat(all.get("from").isNull()).isTrue();
        assertThat(all.get("previousTotal").isNull()).isTrue();
    }

    @Test
    void limitCutsTheRowsButNotTheTotal() {
        tellDiskAndMailStories();

        JsonNode ranking = get("/api/rankings/component?window=30d&limit=2&team={team}&to={to}", team, END);

        assertThat(rows(ranking)).containsExactly(
                "1 storage count=4 share=0.5 previous=0 change=4",
                "2 smtp count=2 share=0.25 previous=0 change=2");
        assertThat(ranking.get("total").longValue()).isEqualTo(8);
    }

    @Test
    void productIsTheComponentUntilEventsCarryAProduct() {
        tellDiskAndMailStories();

        JsonNode ranking = ranking("product", "30d");

        assertThat(rows(ranking)).first().isEqualTo("1 storage count=4 share=0.5 previous=0 change=4");
        assertThat(ranking.get("note").stringValue()).contains("product is its component");
    }

    @Test
    void teamRankingCountsIssuesOfEachTeam() {
        String other = IssueStory.freshTeam("desk");
        tell(IssueStory.created("2031-03-30T10:00", "A", "email", null, Priority.P3, team),
                IssueStory.created("2031-03-30T11:00", "B", "email", null, Priority.P3, team),
                IssueStory.created("2031-03-30T12:00", "C", "email", null, Priority.P3, other));

        JsonNode mine = ranking("team", "7d");
        assertThat(rows(mine)).containsExactly("1 " + team + " count=2 share=1.0 previous=0 change=2");
        JsonNode componentless = ranking("component", "7d");
        assertThat(componentless.get("rows").get(0).get("key").isNull()).isTrue();
    }

    @Test
    void reclassifiedIssueMovesToItsNewCategoryAndFingerprint() {
        tell(IssueStory.created("2031-03-26T10:00", "Port 24 flapping", "network", "switch", Priority.P2, team)
                .assigned("2031-03-26T10:05", "bo")
                .reclassified("2031-03-27T09:00", "infrastructure", "storage"));

        assertThat(rows(ranking("category", "7d")))
                .containsExactly("1 infrastructure count=1 share=1.0 previous=0 change=1");
        assertThat(rows(ranking("component", "7d"))).containsExactly("1 storage count=1 share=1.0 previous=0 change=1");
        assertThat(rows(ranking("fingerprint", "7d")))
                .containsExactly("1 port # flapping | infrastructure | storage count=1 share=1.0 previous=0 change=1");
    }

    @Test
    void mostEscalatedCountsEscalationsInTheWindowPerIssue() {
        IssueStory often = IssueStory.created("2031-03-10T10:00", "Payroll run fails", "erp", "payroll", Priority.P1, team)
                .escalated("2031-03-26T10:00").escalated("2031-03-27T10:00").escalated("2031-03-28T10:00");
        IssueStory steady = IssueStory.created("2031-03-10T11:00", "Badge reader dead", "facilities", "door", Priority.P3,
                team).escalated("2031-03-20T10:00").escalated("2031-03-29T10:00");
        tell(often, steady);

        JsonNode ranking = ranking("most-escalated", "7d");

        assertThat(rows(ranking)).containsExactly(
                "1 " + often.issueId() + " count=3 share=0.75 previous=0 change=3",
                "2 " + steady.issueId() + " count=1 share=0.25 previous=1 change=0");
        assertThat(ranking.get("rows").get(0).get("label").stringValue()).isEqualTo("Payroll run fails");
    }

    @Test
    void mostReopenedCountsReopensAndRejectedVerifications() {
        IssueStory twice = IssueStory.created("2031-03-20T10:00", "Invoice PDF blank", "erp", "billing", Priority.P2, team)
                .assigned("2031-03-20T10:01", "bo").resolved("2031-03-26T10:00").reopened("2031-03-27T10:00")
                .resolved("2031-03-28T10:00").closed("2031-03-28T12:00", 2).reopened("2031-03-29T10:00");
        IssueStory once = IssueStory.created("2031-03-20T11:00", "Login loop", "identity", "sso", Priority.P2, team)
                .assigned("2031-03-20T11:01", "cy").resolved("2031-03-26T11:00").rejected("2031-03-27T11:00");
        tell(twice, once);

        assertThat(rows(ranking("most-reopened", "7d"))).containsExactly(
                "1 " + twice.issueId() + " count=2 share=0.6667 previous=0 change=2",
                "2 " + once.issueId() + " count=1 share=0.3333 previous=0 change=1");
    }

    @Test
    void longestOpenListsIssuesStillInWorkByAge() {
        IssueStory oldest = IssueStory.created("2031-03-01T10:00", "Backup slow", "infrastructure", "backup", Priority.P3,
                team);
        IssueStory resolved = IssueStory.created("2031-03-02T10:00", "Old and done", "email", null, Priority.P3, team)
                .assigned("2031-03-02T10:01", "bo").resolved("2031-03-05T10:00");
        IssueStory cancelled = IssueStory.created("2031-03-03T10:00", "Not a bug", "email", null, Priority.P3, team)
                .cancelled("2031-03-04T10:00", CancelReason.INVALID);
        IssueStory reopened = IssueStory.created("2031-03-20T10:00", "Wifi weak", "network", "wifi", Priority.P3, team)
                .assigned("2031-03-20T10:01", "bo").resolved("2031-03-21T10:00").reopened("2031-03-22T10:00");
        IssueStory later = IssueStory.created("2031-04-02T10:00", "After the reference", "email", null, Priority.P3, team);
        tell(oldest, resolved, cancelled, reopened, later);

        JsonNode ranking = ranking("longest-open", "7d");

        // Ages at the end of 2031-03-31: 30 days 14 hours and 11 days 14 hours, in whole days.
        assertThat(rows(ranking)).containsExactly(
                "1 " + oldest.issueId() + " count=30 share=null previous=null change=null",
                "2 " + reopened.issueId() + " count=11 share=null previous=null change=null");
        assertThat(ranking.get("total").longValue()).isEqualTo(2);
        assertThat(ranking.get("note").stringValue()).contains("window does not apply");
    }

    @Test
    void slaBreachesAreRankedByTeamOnTheDayTheClockRanPastItsDueTime() {
        String other = IssueStory.freshTeam("desk");
        tell(IssueStory.created("2031-03-20T10:00", "Slow answer", "email", null, Priority.P1, team)
                        .breached("2031-03-20T10:30", ClockKind.FIRST_RESPONSE)
                        .answered("2031-03-20T11:00")
                        .breached("2031-03-26T10:00", ClockKind.RESOLUTION),
                IssueStory.created("2031-03-27T10:00", "Slow fix", "email", null, Priority.P1, team)
                        .breached("2031-03-27T14:00", ClockKind.RESOLUTION),
                IssueStory.created("2031-03-27T10:00", "Elsewhere", "email", null, Priority.P1, other)
                        .breached("2031-03-27T14:00", ClockKind.RESOLUTION));

        JsonNode ranking = ranking("sla-breaches-by-team", "7d");

        assertThat(rows(ranking)).containsExactly("1 " + team + " count=2 share=1.0 previous=1 change=1");
        assertThat(ranking.get("note").stringValue()).contains("due time");
    }

    @Test
    void redeliveredEventIsCountedOnce() {
        IssueStory disk = IssueStory.created("2031-03-26T10:00", "Disk full on db-7", "infrastructure", "storage",
                Priority.P2, team).escalated("2031-03-27T10:00").reclassified("2031-03-28T10:00", "storage", "san")
                .resolved("2031-03-29T10:00").reopened("2031-03-30T10:00");
        tell(disk);
        tell(disk);
        for (EventEnvelope event : disk.events()) {
            apply(event);
            apply(event);
        }

        assertThat(rows(ranking("category", "7d"))).containsExactly("1 storage count=1 share=1.0 previous=0 change=1");
        assertThat(rows(ranking("most-escalated", "7d"))).containsExactly(
                "1 " + disk.issueId() + " count=1 share=1.0 previous=0 change=1");
        assertThat(rows(ranking("most-reopened", "7d"))).containsExactly(
                "1 " + disk.issueId() + " count=1 share=1.0 previous=0 change=1");
    }

    @Test
    void windowEndsOnTheDayOfTheNewestIssueWhenNoEndIsGiven() {
        tell(IssueStory.created("2031-03-30T10:00", "Far future", "email", null, Priority.P3, team));
        String newestDay = jdbc.sql("SELECT CAST(max(created_at) AT TIME ZONE 'UTC' AS date) FROM ranking_issue")
                .query(String.class)
                .single();

        JsonNode ranking = get("/api/rankings/category?window=7d&team={team}", team);

        assertThat(ranking.get("to").stringValue()).isEqualTo(newestDay);
    }

    @Test
    void allTimeRankingOfAllTeamsComesFromTheTotalsAndAgreesWithTheDays() {
        String category = IssueStory.freshTeam("recurring");
        String other = IssueStory.freshTeam("desk");
        IssueStory moved = IssueStory.created("2031-03-02T10:00", "Moved away", category, null, Priority.P3, team);
        tell(IssueStory.created("2031-03-01T10:00", "One", category, null, Priority.P3, team),
                IssueStory.created("2031-03-01T11:00", "Two", category, null, Priority.P3, other),
                moved.reclassified("2031-03-03T10:00", "elsewhere", null));

        JsonNode allTeams = get("/api/rankings/category?window=all&limit=100");

        assertThat(countOf(allTeams, category)).isEqualTo(2);
        assertThat(countOf(get("/api/rankings/category?window=all&team={team}", team), category)).isEqualTo(1);
        assertThat(countOf(get("/api/rankings/category?window=all&team={team}", other), category)).isEqualTo(1);
    }

    @Test
    void csvAnswerHasAHeaderLineAndOneLinePerRowAndFreshnessHeaders() {
        tellDiskAndMailStories();

        for (String uri : List.of("/api/rankings/category?window=7d&team={team}&to={to}&format=csv",
                "/api/rankings/category?window=7d&team={team}&to={to}")) {
            String csv = http.get().uri(uri, team, END)
                    .accept(MediaType.parseMediaType("text/csv"))
                    .exchange()
                    .expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.parseMediaType("text/csv"))
                    .expectHeader().exists("X-Last-Global-Position")
                    .expectHeader().exists("X-Last-Applied-At")
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody();

            assertThat(csv).isEqualTo("""
                    rank,key,label,count,share,previousCount,change\r
                    1,infrastructure,,3,0.6,1,2\r
                    2,facilities,,1,0.2,0,1\r
                    3,network,,1,0.2,0,1\r
                    """);
        }
    }

    @Test
    void jsonStaysTheAnswerForClientsThatAcceptAnything() {
        http.get().uri("/api/rankings/category?team={team}", team)
                .header("Accept", "*/*")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.csvHeader").doesNotExist()
                .jsonPath("$.freshness").exists();
    }

    @Test
    void badParametersAreAnswered400NamingTheParameter() {
        assertBadParameter("/api/rankings/colour", "dimension");
        assertBadParameter("/api/rankings/category?window=5x", "window");
        assertBadParameter("/api/rankings/category?window=0d", "window");
        assertBadParameter("/api/rankings/category?limit=0", "limit");
        assertBadParameter("/api/rankings/category?limit=101", "limit");
        assertBadParameter("/api/rankings/category?limit=ten", "limit");
        assertBadParameter("/api/rankings/category?to=yesterday", "to");
        assertBadParameter("/api/rankings/category?to=yesterday&format=csv", "to");
        assertBadParameter("/api/rankings/category?format=xml", "format");
    }

    /**
     * In the 7d window (03-25..03-31): three "disk full" (one fingerprint), one printer, one VPN. In the 7d before:
     * one more "disk full" and two mail queues.
     */
    private void tellDiskAndMailStories() {
        tell(IssueStory.created("2031-03-25T08:00", "Disk full on db-7", "infrastructure", "storage", Priority.P2, team),
                IssueStory.created("2031-03-28T08:00", "Disk  full on DB-12", "infrastructure", "storage", Priority.P2,
                        team),
                IssueStory.created("2031-03-31T23:59", "disk full on db-3", "infrastructure", "storage", Priority.P3,
                        team),
                IssueStory.created("2031-03-29T08:00", "Printer jammed on floor 2", "facilities", "printer",
                        Priority.P4, team),
                IssueStory.created("2031-03-27T08:00", "VPN drops every 5 minutes", "network", "vpn", Priority.P3, team),
                IssueStory.created("2031-03-20T08:00", "Disk full on db-9", "infrastructure", "storage", Priority.P2,
                        team),
                IssueStory.created("2031-03-19T08:00", "Mail queue stuck", "email", "smtp", Priority.P2, team),
                IssueStory.created("2031-03-21T08:00", "Mail queue stuck", "email", "smtp", Priority.P2, team),
                IssueStory.created("2031-04-01T00:00", "Disk full on db-1", "infrastructure", "storage", Priority.P2,
                        team));
    }

    private void tell(IssueStory... stories) {
        for (IssueStory story : stories) {
            story.events().forEach(this::apply);
        }
    }

    private void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    private JsonNode ranking(String dimension, String window) {
        return get("/api/rankings/" + dimension + "?window={window}&team={team}&to={to}", window, team, END);
    }

    private static long countOf(JsonNode ranking, String key) {
        for (JsonNode row : ranking.get("rows")) {
            if (key.equals(text(row.get("key")))) {
                return row.get("count").longValue();
            }
        }
        throw new AssertionError(key + " is not among the rows of " + ranking);
    }

    /** "rank key count=… share=… previous=… change=…", the label left out. */
    private static List<String> rows(JsonNode ranking) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : ranking.get("rows")) {
            rows.add(row.get("rank").intValue() + " " + text(row.get("key")) + " count=" + text(row.get("count"))
                    + " share=" + text(row.get("share")) + " previous=" + text(row.get("previousCount"))
                    + " change=" + text(row.get("change")));
        }
        return rows;
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        return node.isString() ? node.stringValue() : node.toString();
    }
}
