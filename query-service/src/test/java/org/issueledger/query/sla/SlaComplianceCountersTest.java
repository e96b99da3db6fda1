package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The pre-summed compliance tables (V61, the histograms' weeks V67): events in, rows out, always equal to what the clocks themselves say; and
 * the figures read from them equal to the exact ones (counts and mean) or within 5 % (median, p90).
 */
class SlaComplianceCountersTest extends SlaTestSupport {

    @Autowired
    Compliance compliance;

    @Test
    void countersAndHistogramsHoldExactlyWhatTheClocksSayAfterStopsReopensRetargetsAndReclassifications() {
        String team = freshTeam("mail");
        String category = team + "-triage";
        SlaStory story = SlaStory.of(team);
        tell(story);
        SlaHistory moved = new SlaHistory().opened("2024-02-05T09:00", Priority.P3, team, category,
                        SlaPolicy.defaults())
                .acknowledged("2024-02-05T09:45")
                .clockStopped("2024-02-05T09:45", ClockKind.FIRST_RESPONSE, "24h", "45m", "2024-02-06T09:00", true)
                .reclassified("2024-02-05T10:00", category, category + "-moved")
                .reclassified("2024-02-05T11:00", category + "-moved", category + "-final");
        tell(moved);
        story.reopened.events().forEach(this::apply); // a redelivery changes nothing
        moved.events().forEach(this::apply);

        assertThat(counters("team", team)).containsExactlyInAnyOrderElementsOf(recountedCounters("team", team))
                .hasSize(2 * (6 + 1 + 1 + 1)); // both clocks of six days and a month in January, a day and a month in February
        assertThat(histogram("team", team)).containsExactlyInAnyOrderElementsOf(recountedHistogram("team", team));
        assertThat(counters("category", category + "-final"))
                .containsExactlyInAnyOrderElementsOf(recountedCounters("category", category + "-final"))
                .hasSize(4);
        // the categories it passed through count nothing, so they have no rows
        assertThat(counters("category", category)).isEmpty();
        assertThat(counters("category", category + "-moved")).isEmpty();
        assertThat(histogram("category", category + "-moved")).isEmpty();
    }

    @Test
    void preSummedCountsAndMeanAreExactAndMedianAndP90WithinFivePercent() {
        String team = freshTeam("mail");
        tell(SlaStory.of(team));
        List<SlaHistory> more = new ArrayList<>();
        for (int day = 1; day <= 28; day += 3) {
            String at = "2024-02-%02dT09:00".formatted(day);
            more.add(new SlaHistory().opened(at, Priority.P2, team, "email", SlaPolicy.defaults())
                    .acknowledged(at.substring(0, 11) + "10:%02d".formatted(day))
                    .clockStopped(at.substring(0, 11) + "10:%02d".formatted(day), ClockKind.FIRST_RESPONSE, "4h",
                            "1h" + day + "m", at.substring(0, 11) + "13:00", true));
        }
        more.add(new SlaHistory().opened("2024-03-04T09:00", Priority.P1, team, "network", SlaPolicy.defaults()));
        tell(more.toArray(SlaHistory[]::new));

        for (Window window : List.of(Window.of(null, null), Window.of("2024-01-01", "2024-03-31"),
                Window.of("2024-01-15", "2024-03-10"), Window.of("2024-02-03", "2024-02-20"))) {
            for (List<GroupBy> groupBy : List.of(List.<GroupBy>of(), List.of(GroupBy.TEAM), List.of(GroupBy.MONTH),
                    List.of(GroupBy.WEEK), List.of(GroupBy.TEAM, GroupBy.MONTH))) {
                Map<List<String>, Figures> exact = compliance.exact(window, groupBy, team);
                Map<List<String>, Figures> summed = compliance.summed(window, groupBy, team, 0).orElseThrow();
                String question = window + " " + groupBy;
                assertThat(summed.keySet()).as(question).containsExactlyElementsOf(exact.keySet());
                exact.forEach((key, figures) -> {
                    sameFigures(question, figures.firstResponse(), summed.get(key).firstResponse());
                    sameFigures(question, figures.resolution(), summed.get(key).resolution());
                });
            }
        }
    }

    @Test
    void onlyWholeDaysAndOneOfTeamCategoryPriorityArePreSummed() {
        String team = freshTeam("mail");
        tell(SlaStory.of(team));

        assertThat(compliance.summed(Window.of("2024-01-01T08:00:00Z", null), List.of(), team, 0)).isEmpty();
        assertThat(compliance.summed(Window.of(null, null), List.of(GroupBy.PRIORITY), team, 0)).isEmpty();
        assertThat(compliance.summed(Window.of(null, null), List.of(GroupBy.CATEGORY, GroupBy.PRIORITY), null, 0))
                .isEmpty();
        assertThat(compliance.summed(Window.of(null, null), List.of(GroupBy.PRIORITY, GroupBy.WEEK), null, 0))
                .isPresent();
        // few stopped clocks: the exact figures are as quick
        assertThat(compliance.summed(Window.of(null, null), List.of(), team, Compliance.EXACT_UP_TO)).isEmpty();
    }

    private static void sameFigures(String question, ClockFigures exact, ClockFigures summed) {
        assertThat(List.of(summed.met(), summed.breached(), summed.running(), summed.stopped())).as(question)
                .isEqualTo(List.of(exact.met(), exact.breached(), exact.running(), exact.stopped()));
        assertThat(summed.compliancePercent()).as(question).isEqualTo(exact.compliancePercent());
        assertThat(summed.meanHours()).as(question).isEqualTo(exact.meanHours());
        if (exact.medianHours() == null) {
            assertThat(summed.medianHours()).as(question).isNull();
            assertThat(summed.p90Hours()).as(question).isNull();
            return;
        }
        // within 5 %, and the hours are rounded to two decimals
        assertThat(summed.medianHours()).as(question)
                .isCloseTo(exact.medianHours(), within(exact.medianHours() * 0.05 + 0.01));
        assertThat(summed.p90Hours()).as(question).isCloseTo(exact.p90Hours(), within(exact.p90Hours() * 0.05 + 0.01));
    }

    private List<String> counters(String dimension, String key) {
        return jdbc.sql("""
                        SELECT span || ' ' || day || ' ' || clock || ' ' || met || ' ' || breached || ' ' || running
                               || ' ' || stopped || ' ' || stopped_ms
                          FROM sla_compliance_daily WHERE dimension = :dimension AND key = :key
                        """)
                .param("dimension", dimension)
                .param("key", key)
                .query(String.class)
                .list();
    }

    private List<String> recountedCounters(String column, String key) {
        return jdbc.sql("""
                        SELECT s.span || ' ' || s.day || ' ' || c.clock || ' '
                               || count(*) FILTER (WHERE c.state = 'MET') || ' '
                               || count(*) FILTER (WHERE c.state = 'BREACHED') || ' '
                               || count(*) FILTER (WHERE c.state IN ('RUNNING', 'PAUSED')) || ' '
                               || count(*) FILTER (WHERE c.stopped_at IS NOT NULL) || ' '
                               || coalesce(sum(c.elapsed_ms) FILTER (WHERE c.stopped_at IS NOT NULL), 0)
                          FROM sla_clock c JOIN sla_issue i ON i.issue_id = c.issue_id
                         CROSS JOIN LATERAL (VALUES ('day', (c.started_at AT TIME ZONE 'UTC')::date),
                                                    ('month', date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date))
                               AS s (span, day)
                         WHERE i.%s = :key
                         GROUP BY s.span, s.day, c.clock
                        """.formatted(column))
                .param("key", key)
                .query(String.class)
                .list();
    }

    private List<String> histogram(String dimension, String key) {
        return jdbc.sql("""
                        SELECT span || ' ' || day || ' ' || clock || ' ' || counts::text || ' ' || n || ' ' || ms
                          FROM sla_duration_daily WHERE dimension = :dimension AND key = :key
                        """)
                .param("dimension", dimension)
                .param("key", key)
                .query(String.class)
                .list();
    }

    /** Bucket by bucket from the clocks, then one array per row (V83), as a rebuild derives them. */
    private List<String> recountedHistogram(String column, String key) {
        return jdbc.sql("""
                        SELECT span || ' ' || day || ' ' || clock || ' ' || histogram_of(bucket, n)::text || ' '
                               || sum(n) || ' ' || sum(ms)
                          FROM (SELECT s.span, s.day, c.clock, %s AS bucket, CAST(count(*) AS integer) AS n,
                                       sum(c.elapsed_ms) AS ms
                                  FROM (SELECT c.*, c.elapsed_ms AS ms FROM sla_clock c) c
                                  JOIN sla_issue i ON i.issue_id = c.issue_id
                                 CROSS JOIN LATERAL (VALUES ('day', (c.started_at AT TIME ZONE 'UTC')::date),
                                                            ('week', date_trunc('week', c.started_at AT TIME ZONE 'UTC')::date),
                                                            ('month', date_trunc('month', c.started_at AT TIME ZONE 'UTC')::date))
                                       AS s (span, day)
                                 WHERE i.%s = :key AND c.stopped_at IS NOT NULL
                                 GROUP BY s.span, s.day, c.clock, bucket) AS b
                         GROUP BY span, day, clock
                        """.formatted(Compliance.BUCKET, column))
                .param("key", key)
                .query(String.class)
                .list();
    }
}
