package org.issueledger.query.kpi;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/**
 * The KPIs of a period, in total and per group.
 *
 * @param groupBy  null when not grouped; then {@code rows} holds the total alone
 * @param teamLoad issues in work now per owner, busiest first: the present, whatever the period
 */
record KpiReport(LocalDate from, LocalDate to, String groupBy, String team, Row total, List<Row> rows,
                 List<OwnerLoad> teamLoad, Freshness freshness) implements TabularAnswer {

    /**
     * @param group             the team, priority or category (null for issues without one, and for the total), or
     *                          the first day of the week / month inside the period
     * @param created           issues created in the period
     * @param closed            closures in the period
     * @param resolved          resolutions in the period
     * @param reopened          reopens and rejected verifications in the period
     * @param invalidReports    issues cancelled in the period as invalid, duplicate or false report
     * @param backlog           issues in work (not resolved, closed or cancelled) at the end of the period or bucket
     * @param closeRate         closed / created
     * @param reopenRate        reopened / resolved
     * @param invalidReportRate invalidReports / created
     * @param meanSatisfaction  mean of the ratings (1–5) given at closures in the period
     */
    record Row(String group, long created, long closed, long resolved, long reopened, long invalidReports,
               long backlog, Double closeRate, Double reopenRate, Double invalidReportRate,
               Kpis.Durations timeToFirstResponse, Kpis.Durations timeToResolve, long satisfactionRatings,
               Double meanSatisfaction) {

        static Row of(String group, Kpis.Counts counts, long backlog, Kpis.Durations firstResponse,
                      Kpis.Durations resolve) {
            return new Row(group, counts.created(), counts.closed(), counts.resolved(), counts.reopened(),
                    counts.invalidReports(), backlog,
                    ratio(counts.closed(), counts.created()),
                    ratio(counts.reopened(), counts.resolved()),
                    ratio(counts.invalidReports(), counts.created()),
                    firstResponse, resolve, counts.satisfactionCount(),
                    counts.satisfactionCount() == 0 ? null
                            : Math.round(counts.satisfactionSum() * 100.0 / counts.satisfactionCount()) / 100.0);
        }

        private static Double ratio(long part, long whole) {
            return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
        }
    }

    record OwnerLoad(String owner, long openIssues) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("group", "created", "closed", "resolved", "reopened", "invalidReports", "backlog",
                "closeRate", "reopenRate", "invalidReportRate",
                "firstResponseIssues", "firstResponseMeanHours", "firstResponseMedianHours", "firstResponseP90Hours",
                "resolveIssues", "resolveMeanHours", "resolveMedianHours", "resolveP90Hours",
                "satisfactionRatings", "meanSatisfaction");
    }

    /** The rows only: a total line would be summed twice by whoever adds up a column. */
    @Override
    public List<List<Object>> csvRecords() {
        return rows.stream()
                .map(row -> Arrays.<Object>asList(row.group(), row.created(), row.closed(), row.resolved(),
                        row.reopened(), row.invalidReports(), row.backlog(), row.closeRate(), row.reopenRate(),
                        row.invalidReportRate(),
                        row.timeToFirstResponse().issues(), row.timeToFirstResponse().meanHours(),
                        row.timeToFirstResponse().medianHours(), row.timeToFirstResponse().p90Hours(),
                        row.timeToResolve().issues(), row.timeToResolve().meanHours(),
                        row.timeToResolve().medianHours(), row.timeToResolve().p90Hours(),
                        row.satisfactionRatings(), row.meanSatisfaction()))
                .toList();
    }
}
