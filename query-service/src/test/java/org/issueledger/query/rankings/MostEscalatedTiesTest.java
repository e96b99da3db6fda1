package org.issueledger.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Most-escalated with many issues tied at the highest count: the top is the first {@code limit} of them in key order,
 * found by reading the window in key order (not by summing every issue of it), with the same counts, previous counts
 * and totals as summing them all. Escalations in February 2043, which no other test uses; each issue is escalated
 * more often than any other test escalates one, so that the most counted keys of all time are this test's.
 */
class MostEscalatedTiesTest extends QueryServiceTestSupport {

    private static final int MOST = 12;
    private static final String END = "2043-02-28";

    @Autowired
    RankingProjection projection;

    @Autowired
    Rankings rankings;

    private final String team = IssueStory.freshTeam("ops");
    private final String other = IssueStory.freshTeam("desk");

    @Test
    void issuesTiedAtTheHighestCountAreRankedByKeyWithTheCountsOfTheWholeWindow() {
        // in the window 02-22..02-28: five issues escalated MOST times (one of them also twice in the window
        // before, one of another team), two escalated 5 times; in 02-15..02-21 the one issue's 2 only
        List<UUID> tied = new ArrayList<>();
        IssueStory withHistory = escalate(escalate(created(team), "2043-02-16", 2), "2043-02-23", MOST);
        tied.add(withHistory.issueId());
        tell(withHistory);
        for (int i = 0; i < 3; i++) {
            IssueStory story = escalate(created(team), "2043-02-2" + (2 + i), MOST);
            tied.add(story.issueId());
            tell(story);
        }
        IssueStory ofOther = escalate(created(other), "2043-02-27", MOST);
        tied.add(ofOther.issueId());
        tell(ofOther);
        List<UUID> fewer = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            IssueStory story = escalate(created(team), "2043-02-25", 5);
            fewer.add(story.issueId());
            tell(story);
        }
        tied.sort(Comparator.comparing(UUID::toString));

        // the level: the all-time count of the 2nd most counted key (MOST; withHistory's MOST + 2 is summed by key),
        // then the window in key order until three keys reach it: the first three tied issues by key
        List<Rankings.Counted> top = rankings.topOfTies(Counter.ESCALATION, LocalDate.parse("2043-02-22"),
                LocalDate.parse(END), List.of(LocalDate.parse("2043-02-15"), LocalDate.parse("2043-02-21")), null,
                3, 2).orElseThrow();
        assertThat(top).extracting(Rankings.Counted::key)
                .containsExactly(tied.get(0).toString(), tied.get(1).toString(), tied.get(2).toString());
        assertThat(top).extracting(Rankings.Counted::count).containsOnly((long) MOST);
        assertThat(top).extracting(Rankings.Counted::previousCount).containsExactlyElementsOf(tied.subList(0, 3)
                .stream().map(id -> id.equals(withHistory.issueId()) ? 2L : 0L).toList());
        assertThat(top).extracting(Rankings.Counted::windowTotal).containsOnly(5L * MOST + 2 * 5);
        // fewer keys at that level than the limit: not settled this way
        assertThat(rankings.topOfTies(Counter.ESCALATION, LocalDate.parse("2043-02-22"), LocalDate.parse(END),
                List.of(), null, 6, 2)).isEmpty();

        // the API, all teams: the same rows as summing the window, previous counts and totals included
        JsonNode ranking = get("/api/rankings/most-escalated?window=7d&limit=3&to={to}", END);
        assertThat(rows(ranking)).containsExactlyElementsOf(tied.subList(0, 3).stream()
                .map(id -> id + " " + MOST + " previous=" + (id.equals(withHistory.issueId()) ? 2 : 0))
                .toList());
        assertThat(ranking.get("total").longValue()).isEqualTo(5L * MOST + 2 * 5);
        assertThat(ranking.get("previousTotal").longValue()).isEqualTo(2);

        // one team: its four tied issues by key, then nothing else fits
        List<UUID> ofTeam = tied.stream().filter(id -> !id.equals(ofOther.issueId())).toList();
        JsonNode teamRanking = get("/api/rankings/most-escalated?window=7d&limit=4&to={to}&team={team}", END, team);
        assertThat(rows(teamRanking)).containsExactlyElementsOf(ofTeam.stream()
                .map(id -> id + " " + MOST + " previous=" + (id.equals(withHistory.issueId()) ? 2 : 0))
                .toList());
        assertThat(teamRanking.get("total").longValue()).isEqualTo(4L * MOST + 2 * 5);

        // the 5s follow the tied issues by key; more rows than issues: every issue of the team, summed whole
        fewer.sort(Comparator.comparing(UUID::toString));
        List<String> expected = new ArrayList<>();
        ofTeam.forEach(id -> expected.add(id + " " + MOST + " previous=" + (id.equals(withHistory.issueId()) ? 2 : 0)));
        fewer.forEach(id -> expected.add(id + " 5 previous=0"));
        assertThat(rows(get("/api/rankings/most-escalated?window=7d&limit=6&to={to}&team={team}", END, team)))
                .containsExactlyElementsOf(expected);
        assertThat(rows(get("/api/rankings/most-escalated?window=7d&limit=7&to={to}&team={team}", END, team)))
                .containsExactlyElementsOf(expected);
    }

    private IssueStory created(String ofTeam) {
        return IssueStory.created("2043-02-01T08:00", "Payroll run fails", "erp", "payroll", Priority.P1, ofTeam);
    }

    /** {@code times} escalations on {@code day}, a minute apart. */
    private static IssueStory escalate(IssueStory story, String day, int times) {
        for (int i = 0; i < times; i++) {
            story.escalated(day + "T10:" + (10 + i));
        }
        return story;
    }

    private void tell(IssueStory story) {
        story.events().forEach(this::apply);
    }

    private void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    private static List<String> rows(JsonNode ranking) {
        List<String> rows = new ArrayList<>();
        for (JsonNode row : ranking.get("rows")) {
            rows.add(row.get("key").stringValue() + " " + row.get("count").longValue() + " previous="
                    + row.get("previousCount").longValue());
        }
        return rows;
    }
}
