package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The counters over all teams (V90): always the daily counters summed over teams, per day and per month, whatever
 * moved them; and every answer not by team the same read from them as from the per-team counters.
 */
class KpiAllTeamsTest extends KpiTestSupport {

    @Autowired
    Kpis kpis;

    private final String otherTeam = IssueStory.freshTeam("net");
    /** Categories no other test uses, so this test's rows over all teams are its own. */
    private final String mail = team + "-email";
    private final String network = team + "-network";

    @Test
    void countersOverAllTeamsHoldTheDailyCountersSummedOverTeamsAfterReopensAndReclassifications() {
        List<IssueStory> stories = stories();
        tell(stories);
        stories.get(5).events().forEach(this::apply); // a redelivery changes nothing

        assertThat(overAllTeams("day")).isNotEmpty().containsExactlyInAnyOrderElementsOf(summedDaily("day"));
        assertThat(overAllTeams("month")).isNotEmpty().containsExactlyInAnyOrderElementsOf(summedDaily("month"));
        // two teams' creations on one day under one category are one row: created 2
        assertThat(overAllTeams("day")).anyMatch(row -> row.startsWith("2031-05-02 " + network + " created=2 backlog=2 "));
    }

    @Test
    void answersOverEveryTeamAreTheSameFromTheCountersOverAllTeamsAsFromThePerTeamCounters() {
        tell(stories());
        Kpis perTeam = kpis.fromPerTeamCounters();

        // within a month, across months (whole months read from the month rows), and from before any issue
        List<Period> periods = List.of(period("2031-05-01", "2031-05-31"), period("2031-04-20", "2031-07-10"),
                period("2031-03-15", "2031-08-01"), period("2020-01-01", "2031-05-02"));
        for (Period period : periods) {
            for (GroupBy groupBy : new GroupBy[] {null, GroupBy.CATEGORY, GroupBy.PRIORITY, GroupBy.WEEK,
                    GroupBy.MONTH, GroupBy.TEAM}) {
                assertThat(kpis.counts(groupBy, period, null)).as(groupBy + " " + period)
                        .isEqualTo(perTeam.counts(groupBy, period, null));
                assertThat(kpis.backlogAtEnd(groupBy, period, null)).as(groupBy + " " + period)
                        .isEqualTo(perTeam.backlogAtEnd(groupBy, period, null));
            }
            assertThat(kpis.backlogPerDay(period, null)).isEqualTo(perTeam.backlogPerDay(period, null));
            assertThat(kpis.daily("sum(created)", period, null)).isEqualTo(perTeam.daily("sum(created)", period, null));
            assertThat(kpis.resolvedPerDay(period, null)).isEqualTo(perTeam.resolvedPerDay(period, null));
        }
        // and this test's categories as told: over both teams
        Kpis.Counts network = kpis.counts(GroupBy.CATEGORY, period("2031-05-01", "2031-05-31"), null)
                .get(this.network);
        assertThat(network.created()).isEqualTo(2); // "Queue stuck" moved to mail, with its creation
        assertThat(network.resolved()).isEqualTo(2);
    }

    @Test
    void kpisOfEveryTeamGroupedByCategoryCountBothTeamsIssues() {
        tell(stories());

        JsonNode rows = get("/api/kpis?from=2031-05-01&to=2031-05-31&groupBy=category").get("rows");
        JsonNode mailRow = null;
        for (JsonNode row : rows) {
            if (mail.equals(text(row.get("group")))) {
                mailRow = row;
            }
        }
        assertThat(mailRow).isNotNull();
        // created in May: C (cancelled), D (open) of the first team, the other team's "Queue stuck" (reclassified
        // into mail in June: counted under mail on its creation day); in work at the end of May: D, E of the first
        // team (E created in April)
        assertThat(mailRow.get("created").longValue()).isEqualTo(3);
        assertThat(mailRow.get("invalidReports").longValue()).isEqualTo(1);
        assertThat(mailRow.get("backlog").longValue()).isEqualTo(2);
    }

    /** Two teams' issues under this test's own categories, one reclassified into another month and reopened. */
    private List<IssueStory> stories() {
        List<IssueStory> stories = new ArrayList<>();
        stories.add(IssueStory.created("2031-05-02T10:00", "Router reboots", network, "router", Priority.P1, team)
                .assigned("2031-05-02T10:30", "bo").acknowledged("2031-05-02T11:00")
                .resolved("2031-05-03T10:00").closed("2031-05-04T10:00", 5));
        stories.add(IssueStory.created("2031-05-02T12:00", "Switch port dead", network, "switch", Priority.P2,
                        otherTeam)
                .assigned("2031-05-02T12:30", "cy").resolved("2031-05-06T12:00").reopened("2031-06-03T09:00"));
        stories.add(IssueStory.created("2031-05-10T08:00", "Mail bounced", mail, "smtp", Priority.P3, team)
                .cancelled("2031-05-10T09:00", CancelReason.DUPLICATE));
        stories.add(IssueStory.created("2031-05-20T08:00", "Mailbox full", mail, "imap", Priority.P2, team)
                .assigned("2031-05-20T09:00", "bo").acknowledged("2031-05-20T10:00"));
        stories.add(IssueStory.created("2031-04-28T08:00", "Spam filter too strict", mail, "smtp", Priority.P3, team)
                .assigned("2031-04-28T09:00", "bo"));
        stories.add(IssueStory.created("2031-05-30T10:00", "Queue stuck", network, "switch", Priority.P3, otherTeam)
                .assigned("2031-05-30T10:10", "bo").acknowledged("2031-05-30T11:00")
                .reclassified("2031-06-02T10:00", mail, "smtp")
                .resolved("2031-06-03T10:00").reopened("2031-07-01T10:00"));
        return stories;
    }

    private static Period period(String from, String to) {
        return new Period(LocalDate.parse(from), LocalDate.parse(to));
    }

    private List<String> overAllTeams(String span) {
        return jdbc.sql("""
                        SELECT day || ' ' || key || ' created=' || created || ' backlog=' || backlog_change
                               || ' resolved=' || resolved || ' reopened=' || reopened || ' closed=' || closed
                               || ' invalid=' || invalid_reports || ' seconds=' || resolve_seconds
                               || ' timed=' || timed_resolutions || ' rated=' || satisfaction_count
                          FROM kpi_all_teams WHERE span = :span AND key IN (:keys)
                        """)
                .param("span", span)
                .param("keys", List.of(mail, network))
                .query(String.class)
                .list();
    }

    private List<String> summedDaily(String span) {
        return jdbc.sql("""
                        SELECT day || ' ' || key || ' created=' || sum(created) || ' backlog=' || sum(backlog_change)
                               || ' resolved=' || sum(resolved) || ' reopened=' || sum(reopened)
                               || ' closed=' || sum(closed) || ' invalid=' || sum(invalid_reports)
                               || ' seconds=' || sum(resolve_seconds) || ' timed=' || sum(timed_resolutions)
                               || ' rated=' || sum(satisfaction_count)
                          FROM (SELECT CASE :span WHEN 'day' THEN day ELSE date_trunc('month', day)::date END AS day,
                                       dimension, key, created, backlog_change, resolved, reopened, closed,
                                       invalid_reports, resolve_seconds, timed_resolutions, satisfaction_count
                                  FROM kpi_daily WHERE key IN (:keys)) d
                         GROUP BY dimension, day, key
                        """)
                .param("span", span)
                .param("keys", List.of(mail, network))
                .query(String.class)
                .list();
    }
}
