package org.issueledger.query.rankings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The weekly roll-up of the ranking counters (V65): always the daily counts summed per week, never a 0 row. */
class RankingCountWeeklyTest extends QueryServiceTestSupport {

    @Autowired
    RankingProjection projection;

    private final String team = IssueStory.freshTeam("ops");

    @Test
    void weeklyCountsAreTheDailyCountsSummedPerWeekAfterReclassificationsAndRedelivery() {
        String category = team + "-storage";
        List<IssueStory> stories = List.of(
                IssueStory.created("2031-03-24T08:00", "Disk full on db-7", category, "disk", Priority.P2, team),
                IssueStory.created("2031-03-26T08:00", "Disk full on db-8", category, "disk", Priority.P2, team)
                        .reclassified("2031-03-27T08:00", category + "-moved", "disk")
                        .reclassified("2031-03-28T08:00", category + "-final", "disk"),
                IssueStory.created("2031-03-31T08:00", "Disk full on db-9", category, "disk", Priority.P3, team),
                IssueStory.created("2031-04-06T23:59", "Mail queue stuck", category + "-moved", "smtp", Priority.P2,
                        team)
                        .reclassified("2031-04-07T08:00", category, "smtp"));
        stories.forEach(story -> story.events().forEach(this::apply));
        stories.get(1).events().forEach(this::apply); // a redelivery changes nothing

        assertThat(weekly()).containsExactlyInAnyOrderElementsOf(summedDaily())
                .contains("category 2031-03-24 " + category + " 1", "category 2031-03-24 " + category + "-final 1",
                        "category 2031-03-31 " + category + " 2")
                .noneMatch(row -> row.contains(category + "-moved"));
    }

    private void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    private List<String> weekly() {
        return jdbc.sql("""
                        SELECT dimension || ' ' || week || ' ' || key || ' ' || n
                          FROM ranking_count_weekly WHERE team = :team
                        """)
                .param("team", team)
                .query(String.class)
                .list();
    }

    private List<String> summedDaily() {
        return jdbc.sql("""
                        SELECT dimension || ' ' || week || ' ' || key || ' ' || n
                          FROM (SELECT dimension, CAST(date_trunc('week', day) AS date) AS week, key, sum(n) AS n
                                  FROM ranking_count
                                 WHERE team = :team AND dimension NOT IN ('escalation', 'reopen', 'fingerprint')
                                 GROUP BY 1, 2, 3 HAVING sum(n) <> 0) summed
                        """)
                .param("team", team)
                .query(String.class)
                .list();
    }
}
