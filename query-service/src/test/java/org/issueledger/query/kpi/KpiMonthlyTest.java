package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The monthly roll-up (V63): always the daily counters summed per month, whatever moved them. */
class KpiMonthlyTest extends KpiTestSupport {

    @Test
    void monthlyRollUpHoldsTheDailyBacklogChangesSummedPerMonthAfterReopensAndReclassifications() {
        String category = team + "-email";
        List<IssueStory> stories = new ArrayList<>(MayStory.of(team));
        stories.add(IssueStory.created("2031-05-30T10:00", "Port flapping", "network", "switch", Priority.P3, team)
                .assigned("2031-05-30T10:10", "bo").acknowledged("2031-05-30T11:00")
                .reclassified("2031-06-02T10:00", category, "smtp")
                .resolved("2031-06-03T10:00").reopened("2031-07-01T10:00"));
        tell(stories);
        stories.get(1).events().forEach(this::apply); // a redelivery changes nothing

        assertThat(monthly("priority")).containsExactlyInAnyOrderElementsOf(summedDaily("priority"));
        assertThat(monthly("category")).containsExactlyInAnyOrderElementsOf(summedDaily("category"))
                .contains("2031-06-01 " + category + " 0", "2031-07-01 " + category + " 1");
        assertThat(monthly("all")).containsExactlyInAnyOrderElementsOf(summedDaily("all"));
    }

    @Test
    void backlogAtTheEndOfAPeriodIsTheSameFromMonthsAndDays() {
        tell(MayStory.of(team));

        // in work at the end of May: D, E, F; at the end of April: E
        assertThat(get("/api/kpis?from=2031-05-01&to=2031-05-31&team={team}", team).get("total").get("backlog")
                .longValue()).isEqualTo(3);
        assertThat(get("/api/kpis?from=2031-04-01&to=2031-04-30&team={team}", team).get("total").get("backlog")
                .longValue()).isEqualTo(1);
        // by week: E alone at the end of May 4 (A resolved on the 3rd), E and B (rejected again) at the end of May 9
        JsonNode weeks = get("/api/kpis?from=2031-05-01&to=2031-05-09&team={team}&groupBy=week", team).get("rows");
        assertThat(weeks.get(0).get("backlog").longValue() + " " + weeks.get(1).get("backlog").longValue())
                .isEqualTo("1 2");
    }

    private List<String> monthly(String dimension) {
        return jdbc.sql("""
                        SELECT month || ' ' || key || ' ' || backlog_change
                          FROM kpi_monthly WHERE dimension = :dimension AND team = :team
                        """)
                .param("dimension", dimension)
                .param("team", team)
                .query(String.class)
                .list();
    }

    private List<String> summedDaily(String dimension) {
        return jdbc.sql("""
                        SELECT month || ' ' || key || ' ' || backlog
                          FROM (SELECT date_trunc('month', day)::date AS month, key, sum(backlog_change) AS backlog
                                  FROM kpi_daily WHERE dimension = :dimension AND team = :team
                                 GROUP BY 1, 2) summed
                        """)
                .param("dimension", dimension)
                .param("team", team)
                .query(String.class)
                .list();
    }
}
