package org.issueledger.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The top fingerprints of a window over all teams, read from the keys whose all-time count can reach the window's
 * top (not from every fingerprint of the window): the same keys, counts and previous counts as summing them all.
 * Fingerprints of a fresh category, in June 2042, which no other test uses.
 */
class TopFingerprintsTest extends QueryServiceTestSupport {

    private static final LocalDate FROM = LocalDate.parse("2042-06-01");
    private static final LocalDate TO = LocalDate.parse("2042-06-30");
    private static final List<LocalDate> PREVIOUS = List.of(LocalDate.parse("2042-05-02"),
            LocalDate.parse("2042-05-31"));

    @Autowired
    RankingProjection projection;

    @Autowired
    Rankings rankings;

    private final String category = IssueStory.freshTeam("recurring");
    private final String team = IssueStory.freshTeam("ops");
    private final String other = IssueStory.freshTeam("desk");

    @Test
    void windowsTopComesFromTheKeysThatCanReachItAndEqualsTheSumOverEveryKey() {
        // in the window: alpha 4 (two teams), beta 3, delta 2, gamma 1, epsilon 1; beta 3 more in the window before;
        // gamma 10 long before: the most counted of all time, but not in this window's top
        tell("Alpha broke", 4, "2042-06-10", team);
        tell("Beta broke", 2, "2042-06-12", team);
        tell("Beta broke", 1, "2042-06-30", other);
        tell("Beta broke", 3, "2042-05-20", team);
        tell("Delta broke", 2, "2042-06-01", other);
        tell("Gamma broke", 1, "2042-06-15", team);
        tell("Gamma broke", 10, "2042-01-15", team);
        tell("Epsilon broke", 1, "2042-06-16", team);

        List<String> expected = List.of(key("alpha") + " 4 previous=0", key("beta") + " 3 previous=3",
                key("delta") + " 2 previous=0");
        // every key that counted at all is a candidate: the answer of the candidates is the window's
        assertThat(rows(rankings.topOfCandidates(Counter.FINGERPRINT, FROM, TO, PREVIOUS, 3, 1)))
                .containsExactlyElementsOf(expected);
        // with the bound a limit-th count gives, only keys counted that often over all time are read
        long least = rankings.leastCountOfLikelyTop(Counter.FINGERPRINT, FROM, TO, 3).orElseThrow();
        assertThat(rows(rankings.topOfCandidates(Counter.FINGERPRINT, FROM, TO, PREVIOUS, 3, least)))
                .containsExactlyElementsOf(expected);

        JsonNode ranking = get("/api/rankings/fingerprint?window=30d&limit=3&to={to}", TO);
        List<String> answered = new ArrayList<>();
        for (JsonNode row : ranking.get("rows")) {
            answered.add(row.get("key").stringValue() + " " + row.get("count").longValue() + " previous="
                    + row.get("previousCount").longValue());
        }
        assertThat(answered).containsExactlyElementsOf(expected);
    }

    @Test
    void aWindowWithFewerKeysThanTheLimitHasNoBoundAndIsSummedOverEveryKey() {
        tell("Zeta broke", 2, "2042-06-05", team);

        assertThat(rankings.leastCountOfLikelyTop(Counter.FINGERPRINT, LocalDate.parse("2042-06-05"),
                LocalDate.parse("2042-06-05"), 2)).isEmpty();
        assertThat(get("/api/rankings/fingerprint?window=7d&limit=2&to={to}", "2042-06-05").get("rows")
                .findValues("key").stream().map(JsonNode::stringValue).toList())
                .containsExactly(key("zeta"));
    }

    private String key(String word) {
        return word + " broke | " + category;
    }

    private void tell(String title, int issues, String day, String ofTeam) {
        for (int i = 0; i < issues; i++) {
            IssueStory.created(day + "T0" + i + ":00", title, category, null, Priority.P3, ofTeam).events()
                    .forEach(this::apply);
        }
    }

    private void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    private static List<String> rows(List<Rankings.Counted> counted) {
        return counted.stream().map(row -> row.key() + " " + row.count() + " previous=" + row.previousCount()).toList();
    }
}
