package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.issueledger.events.issue.Priority;
import org.issueledger.query.dashboard.IssueStory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The weekly and monthly duration histograms (V64): the daily ones summed, and read where whole weeks or months fit. */
class KpiDurationRollupTest extends KpiTestSupport {

    @Autowired
    Kpis kpis;

    @Test
    void rollUpsHoldTheDailyHistogramsSummedPerWeekAndMonthAfterReopensAndReclassifications() {
        tell(stories());
        stories().get(1).events().forEach(this::apply); // a redelivery changes nothing

        for (String span : List.of("week", "month")) {
            assertThat(rollUp(span)).as(span).containsExactlyInAnyOrderElementsOf(summedDaily(span)).isNotEmpty();
        }
    }

    @Test
    void aPeriodReadFromMonthsWeeksAndDaysHasTheHistogramsOfItsDays() {
        tell(stories());

        for (Period period : List.of(new Period(LocalDate.parse("2031-04-20"), LocalDate.parse("2031-06-10")),
                new Period(LocalDate.parse("2031-05-01"), LocalDate.parse("2031-05-31")),
                new Period(LocalDate.parse("2031-05-06"), LocalDate.parse("2031-05-20")),
                new Period(LocalDate.parse("2031-05-02"), LocalDate.parse("2031-05-03")))) {
            for (GroupBy groupBy : new GroupBy[] {null, GroupBy.WEEK, GroupBy.MONTH, GroupBy.TEAM}) {
                for (Kpis.Measured measured : Kpis.Measured.values()) {
                    Map<String, String> read = new LinkedHashMap<>();
                    kpis.histograms(measured, groupBy, period, team).forEach((key, h) -> read.put(key, h.describe()));
                    assertThat(read).as(period + " " + groupBy + " " + measured)
                            .isEqualTo(fromDays(measured, groupBy, period));
                }
            }
        }
    }

    private List<IssueStory> stories() {
        List<IssueStory> stories = new ArrayList<>(MayStory.of(team));
        stories.add(IssueStory.created("2031-05-29T10:00", "Port flapping", "network", "switch", Priority.P3, team)
                .assigned("2031-05-29T10:10", "bo").acknowledged("2031-05-29T11:00")
                .reclassified("2031-06-02T10:00", team + "-email", "smtp")
                .prioritised("2031-06-02T11:00", Priority.P1)
                .resolved("2031-06-03T10:00").reopened("2031-06-09T10:00").resolved("2031-06-10T10:00"));
        return stories;
    }

    /** The histograms straight from the daily rows, grouped as the answer groups them. */
    private Map<String, String> fromDays(Kpis.Measured measured, GroupBy groupBy, Period period) {
        String group = groupBy == null ? "''" : switch (groupBy) {
            case WEEK -> "to_char(date_trunc('week', CAST(day AS timestamp)), 'YYYY-MM-DD')";
            case MONTH -> "to_char(date_trunc('month', CAST(day AS timestamp)), 'YYYY-MM-DD')";
            default -> "key";
        };
        Map<String, String> histograms = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT grp, string_agg(bucket || ':' || n, ' ' ORDER BY bucket) FILTER (WHERE n > 0)
                                    || ' seconds='
                                    || CAST(round(sum(seconds)) AS bigint) AS h
                          FROM (SELECT %s AS grp, b AS bucket, sum(counts[b]) AS n,
                                       sum(seconds) FILTER (WHERE b = array_lower(counts, 1)) AS seconds
                                  FROM kpi_duration_daily, generate_subscripts(counts, 1) AS b
                                 WHERE measure = :measure AND dimension = 'team' AND key = :team
                                   AND day BETWEEN :from AND :to
                                 GROUP BY 1, 2) b
                         GROUP BY grp HAVING sum(n) > 0 ORDER BY grp
                        """.formatted(group))
                .param("measure", measured.histogramName())
                .param("team", team)
                .param("from", period.from())
                .param("to", period.to())
                .query((rs, row) -> Map.entry(rs.getString("grp"), rs.getString("h")))
                .list()
                .forEach(entry -> histograms.put(entry.getKey(), entry.getValue()));
        return histograms;
    }

    /** Per roll-up row: its buckets "bucket:n" as its array holds them, its count and its seconds. */
    private List<String> rollUp(String span) {
        return jdbc.sql("""
                        SELECT measure || ' ' || dimension || ' ' || day || ' ' || key || ' '
                               || coalesce((SELECT string_agg(b || ':' || counts[b], ' ' ORDER BY b)
                                              FROM generate_subscripts(counts, 1) AS b WHERE counts[b] <> 0), '')
                               || ' n=' || n || ' seconds=' || round(seconds)
                          FROM kpi_duration_rollup
                         WHERE span = :span AND (key = :team OR key LIKE :team || '%')
                           AND day >= '2031-03-01' AND day < '2031-08-01' AND dimension IN ('team', 'category')
                        """)
                .param("span", span)
                .param("team", team)
                .query(String.class)
                .list();
    }

    /** The daily rows summed per span and key, bucket by bucket (every key a daily row has, even if it sums to 0). */
    private List<String> summedDaily(String span) {
        return jdbc.sql("""
                        SELECT measure || ' ' || dimension || ' ' || span_day || ' ' || key || ' '
                               || coalesce((SELECT string_agg(bucket || ':' || n, ' ' ORDER BY bucket)
                                              FROM (SELECT b AS bucket, sum(e.counts[b]) AS n
                                                      FROM kpi_duration_daily e, generate_subscripts(e.counts, 1) AS b
                                                     WHERE (e.measure, e.dimension, e.key) = (d.measure, d.dimension, d.key)
                                                       AND CAST(date_trunc('%1$s', e.day) AS date) = d.span_day
                                                     GROUP BY b HAVING sum(e.counts[b]) <> 0) AS buckets), '')
                               || ' n=' || sum(n) || ' seconds=' || round(sum(seconds))
                          FROM (SELECT d.*, CAST(date_trunc('%1$s', day) AS date) AS span_day FROM kpi_duration_daily d) d
                         WHERE (key = :team OR key LIKE :team || '%%')
                           AND day >= '2031-03-01' AND day < '2031-08-01' AND dimension IN ('team', 'category')
                         GROUP BY measure, dimension, span_day, key
                        """.formatted(span))
                .param("team", team)
                .query(String.class)
                .list();
    }
}
