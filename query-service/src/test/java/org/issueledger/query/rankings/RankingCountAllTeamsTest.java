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

/**
 * The category and component counters summed over all teams (V66): always the daily counts of every team summed
 * per day and per week, never a 0 row.
 */
class RankingCountAllTeamsTest extends QueryServiceTestSupport {

    @Autowired
    RankingProjection projection;

    private final String team = IssueStory.freshTeam("ops");
    private final String otherTeam = IssueStory.freshTeam("net");
    // keys of this test only: the table has no team column to tell them apart from other tests' rows
    private final String category = team + "-storage";
    private final String component = team + "-disk";

    @Test
    void allTeamsCountsAreEveryTeamsDailyCountsSummedPerDayAndWeekAfterReclassificationsAndRedelivery() {
        List<IssueStory> stories = List.of(
                IssueStory.created("2031-03-24T08:00", "Disk full on db-7", category, component, Priority.P2, team),
                IssueStory.created("2031-03-24T09:00", "Disk full on db-6", category, component, Priority.P2,
                        otherTeam),
                IssueStory.created("2031-03-26T08:00", "Disk full on db-8", category, component, Priority.P2, team)
                        .reclassified("2031-03-27T08:00", category + "-moved", component + "-moved")
                        .reclassified("2031-03-28T08:00", category + "-final", component),
                IssueStory.created("2031-03-31T08:00", "Disk full on db-9", category, component, Priority.P3,
                        otherTeam),
                IssueStory.created("2031-04-06T23:59", "Mail queue stuck", category + "-moved", component + "-moved",
                        Priority.P2, team)
                        .reclassified("2031-04-07T08:00", category, component));
        stories.forEach(story -> story.events().forEach(this::apply));
        stories.get(2).events().forEach(this::apply); // a redelivery changes nothing

        assertThat(allTeams()).containsExactlyInAnyOrderElementsOf(summedDaily())
                .contains("category day 2031-03-24 " + category + " 2", "category week 2031-03-24 " + category + " 2",
                        "category week 2031-03-24 " + category + "-final 1",
                        "component week 2031-03-24 " + component + " 3", "category week 2031-03-31 " + category + " 2")
                .noneMatch(row -> row.contains("-moved"));
    }

    private void apply(EventEnvelope event) {
        projection.apply(IssueTimeline.consumed(event));
    }

    private List<String> allTeams() {
        return jdbc.sql("""
                        SELECT dimension || ' ' || span || ' ' || day || ' ' || key || ' ' || n
                          FROM ranking_count_all_teams WHERE key LIKE :prefix
                        """)
                .param("prefix", team + "-%")
                .query(String.class)
                .list();
    }

    private List<String> summedDaily() {
        return jdbc.sql("""
                        SELECT dimension || ' ' || span || ' ' || day || ' ' || key || ' ' || n
                          FROM (SELECT dimension, s.span,
                                       CASE s.span WHEN 'day' THEN day ELSE CAST(date_trunc('week', day) AS date) END
                                           AS day,
                                       key, sum(n) AS n
                                  FROM ranking_count
                                 CROSS JOIN (VALUES ('day'), ('week')) AS s (span)
                                 WHERE key LIKE :prefix AND dimension IN ('category', 'component')
                                 GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0) summed
                        """)
                .param("prefix", team + "-%")
                .query(String.class)
                .list();
    }
}
