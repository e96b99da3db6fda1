package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;
import org.issueledger.query.histogram.LogHistogram;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class KpiDurationHistogramTest extends KpiTestSupport {

    @Autowired
    Kpis kpis;

    @Test
    void histogramsHoldExactlyTheDurationsOfThePerIssueRows() {
        // Other tests share the tables: this team, and a category only this test uses, are this test's own.
        String category = team + "-email";
        List<IssueStory> stories = new ArrayList<>(MayStory.of(team));
        stories.add(IssueStory.created("2031-05-03T10:00", "Port flapping", "network", "switch", Priority.P3, team)
                .assigned("2031-05-03T10:10", "bo").acknowledged("2031-05-03T11:00")
                .reclassified("2031-05-04T10:00", category, "smtp")
                .prioritised("2031-05-05T10:00", Priority.P1)
                .resolved("2031-05-06T10:00").reopened("2031-05-07T10:00").resolved("2031-05-09T10:00"));
        tell(stories);
        stories.get(1).events().forEach(this::apply); // a redelivery changes nothing

        assertThat(histogram("team", team)).containsExactlyInAnyOrderElementsOf(recomputed("team", team));
        assertThat(histogram("category", category)).containsExactlyInAnyOrderElementsOf(recomputed("category", category))
                .hasSize(2);
    }

    @Test
    void aGroupedAnswersTotalDurationsAreThoseOfTheUngroupedHistogram() {
        tell(MayStory.of(team));
        Period may = Period.of("2031-04-20", "2031-06-10", null);
        for (Kpis.Measured measured : Kpis.Measured.values()) {
            Kpis.Durations ungrouped = kpis.histograms(measured, null, may, team).get("").durations();
            for (GroupBy groupBy : List.of(GroupBy.TEAM, GroupBy.WEEK, GroupBy.MONTH)) {
                assertThat(kpis.durationsWithTotal(measured, groupBy, may, team, 0).total())
                        .as(measured + " by " + groupBy).isEqualTo(ungrouped);
            }
            // over every team, grouped by what the histograms key by (other tests' issues included)
            Kpis.Durations everyTeam = kpis.histograms(measured, null, may, null).get("").durations();
            for (GroupBy groupBy : List.of(GroupBy.CATEGORY, GroupBy.PRIORITY, GroupBy.TEAM)) {
                assertThat(kpis.durationsWithTotal(measured, groupBy, may, null, 0).total())
                        .as(measured + " by " + groupBy + ", every team").isEqualTo(everyTeam);
            }
        }
    }

    /** Per stored row (V82): its buckets "bucket:n" as its array holds them, its count and its seconds. */
    private List<String> histogram(String dimension, String key) {
        return jdbc.sql("""
                        SELECT measure || ' ' || day || ' '
                               || (SELECT string_agg(b || ':' || counts[b], ' ' ORDER BY b)
                                     FROM generate_subscripts(counts, 1) AS b WHERE counts[b] <> 0)
                               || ' n=' || n || ' seconds=' || round(seconds)
                          FROM kpi_duration_daily
                         WHERE dimension = :dimension AND key = :key AND n <> 0
                        """)
                .param("dimension", dimension)
                .param("key", key)
                .query(String.class)
                .list();
    }

    private List<String> recomputed(String column, String key) {
        List<String> rows = new ArrayList<>();
        for (Kpis.Measured measured : Kpis.Measured.values()) {
            rows.addAll(jdbc.sql("""
                            SELECT '%1$s' || ' ' || day || ' ' || string_agg(bucket || ':' || n, ' ' ORDER BY bucket)
                                   || ' n=' || sum(n) || ' seconds=' || round(sum(seconds))
                              FROM (SELECT (%2$s AT TIME ZONE 'UTC')::date AS day, %3$s AS bucket, count(*) AS n,
                                           sum(%4$s) AS seconds
                                      FROM kpi_issue WHERE %5$s = :key AND %4$s IS NOT NULL
                                     GROUP BY 1, 2) grouped
                             GROUP BY day
                            """.formatted(measured.histogramName(), measured.timeColumn(),
                            LogHistogram.bucketOf(measured.secondsColumn()), measured.secondsColumn(), column))
                    .param("key", key)
                    .query(String.class)
                    .list());
        }
        return rows;
    }

    @Test
    void percentilesFromTheBucketsAreWithinFivePercentOfTheExactOnes() {
        Random random = new Random(1);
        double[] seconds = new double[50_000];
        Kpis.Histogram histogram = new Kpis.Histogram();
        int[] counts = new int[400];
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = Math.exp(random.nextGaussian() * 2 + 9); // lognormal around 2.5 hours
            counts[(int) Math.floor(Math.log(Math.max(seconds[i], 1)) / Math.log(LogHistogram.GROWTH))]++;
        }
        for (int bucket = 0; bucket < counts.length; bucket++) {
            if (counts[bucket] > 0) {
                histogram.add(bucket, counts[bucket], 0);
            }
        }
        Arrays.sort(seconds);
        for (double p : new double[] {0.1, 0.5, 0.9, 0.99}) {
            double rank = p * (seconds.length - 1);
            int below = (int) Math.floor(rank);
            double exact = seconds[below] + (seconds[below + 1] - seconds[below]) * (rank - below);
            assertThat(histogram.percentile(p)).isCloseTo(exact, within(exact * 0.05));
        }
    }
}
