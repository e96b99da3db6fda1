package org.issueledger.query.kpi;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.issueledger.query.histogram.LogHistogram;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads the KPI read model. Counts come from the daily counters, durations from the daily histograms (or, for few
 * issues, exactly from the per-issue rows), team load from the per-issue rows; nothing reads the event log.
 */
@Component
class Kpis {

    private final JdbcClient jdbc;
    /** Whether answers over every team read the counters summed over all teams (V90); false only in tests. */
    private final boolean acrossTeamsTable;

    @Autowired
    Kpis(JdbcClient jdbc) {
        this(jdbc, true);
    }

    private Kpis(JdbcClient jdbc, boolean acrossTeamsTable) {
        this.jdbc = jdbc;
        this.acrossTeamsTable = acrossTeamsTable;
    }

    /** The same read model read as before V90, from the per-team counters alone: for tests comparing the two. */
    Kpis fromPerTeamCounters() {
        return new Kpis(jdbc, false);
    }

    /**
     * The UTC day of the newest issue creation: where periods end by default. Creation, not any event, so that the
     * lookup is one index entry and most updates of {@code kpi_issue} need no index at all.
     */
    Optional<LocalDate> newestDay() {
        return jdbc.sql("SELECT max(created_at) FROM kpi_issue")
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .single()
                .map(time -> time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDate());
    }

    /** What happened in the period, per group (the key '' when not grouped). */
    Map<String, Counts> counts(GroupBy groupBy, Period period, String team) {
        return jdbc.sql("""
                        SELECT %s AS grp,
                               sum(created) AS created, sum(resolved) AS resolved, sum(closed) AS closed,
                               sum(reopened) AS reopened, sum(invalid_reports) AS invalid_reports,
                               sum(satisfaction_sum) AS satisfaction_sum, sum(satisfaction_count) AS satisfaction_count
                          FROM (%s) counters
                         GROUP BY grp
                        """.formatted(dailyGroup(groupBy), counterRows(team, acrossTeams(groupBy, team))))
                .params(counterParams(dimension(groupBy), period.from(), period.to(), team, groupBy != GroupBy.WEEK))
                .query((rs, row) -> Map.entry(rs.getString("grp"), new Counts(
                        rs.getLong("created"), rs.getLong("resolved"), rs.getLong("closed"), rs.getLong("reopened"),
                        rs.getLong("invalid_reports"), rs.getLong("satisfaction_sum"),
                        rs.getLong("satisfaction_count"))))
                .list()
                .stream()
                .collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()), Map::putAll);
    }

    /** Issues in work at the end of the period, per group; for groups that are not calendar buckets. */
    Map<String, Long> backlogAtEnd(GroupBy groupBy, Period period, String team) {
        Map<String, Long> backlog = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT %s AS grp, sum(backlog_change) AS backlog
                          FROM (%s) counters
                         GROUP BY grp
                        """.formatted(dailyGroup(groupBy), counterRows(team, acrossTeams(groupBy, team))))
                .params(counterParams(dimension(groupBy), EARLIEST, period.to(), team, true))
                .query((rs, row) -> Map.entry(rs.getString("grp"), rs.getLong("backlog")))
                .list()
                .forEach(entry -> backlog.put(entry.getKey(), entry.getValue()));
        return backlog;
    }

    /**
     * Where the daily totals (dimension 'all') of {@code team}, or of every team, are read: for every team one row a
     * day from the counters summed over all teams (V90) instead of one per team.
     */
    private String dailyTotals(String team) {
        return acrossTeams(null, team) ? "(SELECT * FROM kpi_all_teams WHERE span = 'day') AS all_teams" : "kpi_daily";
    }

    /** Before any day the read model can hold: "since the beginning". */
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
    private static final String COUNTERS = "team, key, created, resolved, closed, reopened, invalid_reports, "
            + "backlog_change, satisfaction_sum, satisfaction_count, resolve_seconds, timed_resolutions";

    /**
     * Whether an answer can read the counters summed over all teams ({@code kpi_all_teams}, V90): when it is neither
     * limited to one team nor grouped by team.
     */
    private boolean acrossTeams(GroupBy groupBy, String team) {
        return acrossTeamsTable && team == null && groupBy != GroupBy.TEAM;
    }

    /**
     * The counter rows of {@code :dimension} (and {@code :team}) that make up the days {@code [:from, :to]}: whole
     * months from the monthly roll-up ({@code kpi_monthly}, V63; their day is the month's first), the days before
     * and after them from {@code kpi_daily}. Parameters from {@link #counterParams}; each part is one range of a
     * primary key.
     *
     * @param acrossTeams the same sums from the rows summed over all teams ({@code kpi_all_teams}, V90: a twentieth
     *                    of the rows with 20 teams), whose column {@code team} is then '' in every row; only without
     *                    {@code team}
     */
    private static String counterRows(String team, boolean acrossTeams) {
        if (acrossTeams) {
            if (team != null) {
                throw new IllegalArgumentException("the counters over all teams have no team's rows");
            }
            String columns = COUNTERS.replaceFirst("^team, ", "'' AS team, ");
            return """
                    SELECT %1$s, day FROM kpi_all_teams
                     WHERE dimension = :dimension AND span = 'month' AND day >= :monthsFrom AND day < :monthsTo
                    UNION ALL
                    SELECT %1$s, day FROM kpi_all_teams
                     WHERE dimension = :dimension AND span = 'day' AND day >= :from AND day < :monthsFrom
                    UNION ALL
                    SELECT %1$s, day FROM kpi_all_teams
                     WHERE dimension = :dimension AND span = 'day' AND day >= :monthsTo AND day <= :to
                    """.formatted(columns);
        }
        return """
                SELECT %1$s, month AS day FROM kpi_monthly
                 WHERE dimension = :dimension AND month >= :monthsFrom AND month < :monthsTo %2$s
                UNION ALL
                SELECT %1$s, day FROM kpi_daily
                 WHERE dimension = :dimension AND day >= :from AND day < :monthsFrom %2$s
                UNION ALL
                SELECT %1$s, day FROM kpi_daily
                 WHERE dimension = :dimension AND day >= :monthsTo AND day <= :to %2$s
                """.formatted(COUNTERS, teamOnly(team));
    }

    /** @param byMonths false: every day from {@code kpi_daily} (weeks cut across months) */
    private static Map<String, Object> counterParams(String dimension, LocalDate from, LocalDate to, String team,
                                                     boolean byMonths) {
        LocalDate end = to.plusDays(1);
        LocalDate monthsFrom = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        LocalDate monthsTo = end.withDayOfMonth(1);
        if (!byMonths || !monthsFrom.isBefore(monthsTo)) {
            monthsFrom = end;
            monthsTo = end;
        }
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", dimension);
        params.put("from", from);
        params.put("to", to);
        params.put("monthsFrom", monthsFrom);
        params.put("monthsTo", monthsTo);
        params.put("team", team);
        return params;
    }

    /** Issues in work at the end of each day of the period (days without changes included). */
    Map<LocalDate, Long> backlogPerDay(Period period, String team) {
        long before = jdbc.sql("""
                        SELECT coalesce(sum(backlog_change), 0)
                          FROM (%s) counters
                        """.formatted(counterRows(team, acrossTeams(null, team))))
                .params(counterParams(KpiProjection.ALL, EARLIEST, period.from().minusDays(1), team, true))
                .query(Long.class)
                .single();
        Map<LocalDate, Long> changes = daily("sum(backlog_change)", period, team);
        Map<LocalDate, Long> backlog = new LinkedHashMap<>();
        long running = before;
        for (LocalDate day = period.from(); !day.isAfter(period.to()); day = day.plusDays(1)) {
            running += changes.getOrDefault(day, 0L);
            backlog.put(day, running);
        }
        return backlog;
    }

    /** A sum over the counters per day of the period, e.g. {@code sum(created)}; days without rows absent. */
    Map<LocalDate, Long> daily(String sum, Period period, String team) {
        Map<LocalDate, Long> values = new HashMap<>();
        jdbc.sql("""
                        SELECT day, %s AS value
                          FROM %s
                         WHERE dimension = 'all' AND day BETWEEN :from AND :to %s
                         GROUP BY day
                        """.formatted(sum, dailyTotals(team), teamOnly(team)))
                .params(params(KpiProjection.ALL, period, team))
                .query((rs, row) -> Map.entry(rs.getObject("day", LocalDate.class), rs.getLong("value")))
                .list()
                .forEach(entry -> values.put(entry.getKey(), entry.getValue()));
        return values;
    }

    /**
     * Mean, median and 90th percentile of the time from creation to the first response or to the (latest)
     * resolution, over the issues whose response or resolution falls in the period, per group.
     *
     * <p>Read from the daily histograms ({@code kpi_duration_daily}, V40): count and mean exact, median and p90
     * interpolated inside 5 %-wide buckets, so within 5 % of the exact values. Up to {@value #EXACT_UP_TO} durations
     * (and for a team's issues grouped by category or priority, which the histograms do not cross) they are computed
     * exactly from the per-issue rows instead, which is then as fast.
     */
    Map<String, Durations> durations(Measured measured, GroupBy groupBy, Period period, String team) {
        if (team != null && (groupBy == GroupBy.CATEGORY || groupBy == GroupBy.PRIORITY)) {
            return exactDurations(measured, groupBy, period, team);
        }
        Map<String, Histogram> histograms = histograms(measured, groupBy, period, team);
        long total = histograms.values().stream().mapToLong(Histogram::count).sum();
        if (total <= EXACT_UP_TO) {
            return exactDurations(measured, groupBy, period, team);
        }
        Map<String, Durations> durations = new LinkedHashMap<>();
        histograms.forEach((key, histogram) -> durations.put(key, histogram.durations()));
        return durations;
    }

    /**
     * {@link #durations} per group, and of every group together as {@code durations(measured, null, period, team)}
     * gives them: where the groups' histograms answer both, the total's histogram is theirs summed per bucket (each
     * duration is in exactly one group), so it costs no second read; else the total is read as before.
     */
    GroupedDurations durationsWithTotal(Measured measured, GroupBy groupBy, Period period, String team) {
        return durationsWithTotal(measured, groupBy, period, team, EXACT_UP_TO);
    }

    /** {@link #durationsWithTotal}, exact up to {@code exactUpTo} durations (tests: 0, always the histograms). */
    GroupedDurations durationsWithTotal(Measured measured, GroupBy groupBy, Period period, String team,
                                        long exactUpTo) {
        if (team != null && (groupBy == GroupBy.CATEGORY || groupBy == GroupBy.PRIORITY)) {
            return new GroupedDurations(exactDurations(measured, groupBy, period, team),
                    durations(measured, null, period, team).getOrDefault("", Durations.NONE));
        }
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        Histogram total = new Histogram();
        readHistograms(measured, groupBy, period, team, histograms, total);
        if (total.count() <= exactUpTo) {
            return new GroupedDurations(exactDurations(measured, groupBy, period, team),
                    exactDurations(measured, null, period, team).getOrDefault("", Durations.NONE));
        }
        Map<String, Durations> durations = new LinkedHashMap<>();
        histograms.forEach((key, histogram) -> durations.put(key, histogram.durations()));
        return new GroupedDurations(durations, total.durations());
    }

    /** Durations per group, and of all groups together. */
    record GroupedDurations(Map<String, Durations> groups, Durations total) {
    }

    /** The durations of the period per group as histograms; not for a team grouped by category or priority. */
    Map<String, Histogram> histograms(Measured measured, GroupBy groupBy, Period period, String team) {
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        readHistograms(measured, groupBy, period, team, histograms, null);
        return histograms;
    }

    /** Fills {@code histograms} per group and, unless null, {@code total} with every group's buckets summed. */
    private void readHistograms(Measured measured, GroupBy groupBy, Period period, String team,
                                Map<String, Histogram> histograms, Histogram total) {
        String dimension = groupBy == GroupBy.CATEGORY ? KpiProjection.CATEGORY
                : groupBy == GroupBy.PRIORITY ? KpiProjection.PRIORITY
                : groupBy == GroupBy.TEAM || team != null ? "team" : KpiProjection.ALL;
        String group = groupBy == GroupBy.TEAM || groupBy == GroupBy.CATEGORY || groupBy == GroupBy.PRIORITY ? "key"
                : dailyGroup(groupBy);
        Map<String, Object> params = params(dimension, period, team);
        params.put("measure", measured.histogramName());
        // Every row's array, added up here (LogHistogram.Sum): a few hundred rows of ~150 counts each, cheaper to add
        // in Java than bucket by bucket in SQL. Groups in the database's order, as the answer lists them.
        jdbc.sql("""
                        SELECT %s AS grp, array_lower(counts, 1) AS first_bucket, counts, seconds
                          FROM (%s) h
                         WHERE n <> 0
                         ORDER BY 1
                        """.formatted(group, histogramRows(period, groupBy != GroupBy.WEEK,
                        team == null ? "" : "AND key = :team", params)))
                .params(params)
                .query((ResultSet rs) -> {
                    histograms.computeIfAbsent(rs.getString("grp"), key -> new Histogram()).add(rs);
                    if (total != null) {
                        total.add(rs);
                    }
                });
        // as before the arrays: a group whose durations all moved away counts nothing and is no group
        histograms.values().removeIf(histogram -> histogram.count() == 0);
    }

    /**
     * The histogram rows of {@code :measure} and {@code :dimension} that make up the period: whole months (when
     * {@code byMonths}) and whole ISO weeks from {@code kpi_duration_rollup} (V64), the days left over from
     * {@code kpi_duration_daily}; a week is taken only inside one month unless the answer is by week. Rows of
     * {@code day, key, n, seconds, counts} (V82), day being the first day of the span; each part one primary-key
     * range.
     */
    private static String histogramRows(Period period, boolean byMonths, String keyCondition,
                                        Map<String, Object> params) {
        List<String> parts = new ArrayList<>();
        LocalDate end = period.to().plusDays(1);
        List<LocalDate[]> pieces = new ArrayList<>();
        if (byMonths) {
            LocalDate start = period.from();
            while (start.isBefore(end)) {
                LocalDate next = start.withDayOfMonth(1).plusMonths(1);
                LocalDate pieceEnd = next.isBefore(end) ? next : end;
                if (start.getDayOfMonth() == 1 && pieceEnd.equals(next)) {
                    parts.add(range("kpi_duration_rollup", "month", start, pieceEnd, keyCondition, params));
                } else {
                    pieces.add(new LocalDate[] {start, pieceEnd});
                }
                start = pieceEnd;
            }
        } else {
            pieces.add(new LocalDate[] {period.from(), end});
        }
        for (LocalDate[] piece : pieces) {
            LocalDate firstMonday = piece[0].with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
            LocalDate lastMonday = piece[1].with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            if (firstMonday.isBefore(lastMonday)) {
                parts.add(range("kpi_duration_rollup", "week", firstMonday, lastMonday, keyCondition, params));
                parts.add(range("kpi_duration_daily", null, piece[0], firstMonday, keyCondition, params));
                parts.add(range("kpi_duration_daily", null, lastMonday, piece[1], keyCondition, params));
            } else {
                parts.add(range("kpi_duration_daily", null, piece[0], piece[1], keyCondition, params));
            }
        }
        return String.join("\nUNION ALL\n", parts);
    }

    /** {@code SELECT} of one table's rows with day in [from, to); its bounds added to {@code params}. */
    private static String range(String table, String span, LocalDate from, LocalDate to, String keyCondition,
                                Map<String, Object> params) {
        String name = "d" + params.size();
        params.put(name + "from", from);
        params.put(name + "to", to);
        return """
                SELECT day, key, n, seconds, counts FROM %s
                 WHERE measure = :measure AND dimension = :dimension %s AND day >= :%sfrom AND day < :%sto %s"""
                .formatted(table, span == null ? "" : "AND span = '" + span + "'", name, name, keyCondition);
    }

    /** Up to this many durations in one answer, percentiles are exact (percentile_cont over the per-issue rows). */
    static final long EXACT_UP_TO = 10_000;
    /** Durations of one group: its 5 % buckets (see V40, V82), and their exact sum. */
    static final class Histogram {
        private final LogHistogram.Sum counts = new LogHistogram.Sum();
        private double seconds;
        /** The buckets added up so far; null once more are added. */
        private LogHistogram buckets;

        /** Adds a row of {@code first_bucket, counts, seconds}. */
        void add(ResultSet row) throws SQLException {
            counts.add(row, "first_bucket", "counts");
            seconds += row.getDouble("seconds");
            buckets = null;
        }

        void add(int bucket, long n, double summedSeconds) {
            counts.add(bucket, new Integer[] {Math.toIntExact(n)});
            seconds += summedSeconds;
            buckets = null;
        }

        private LogHistogram buckets() {
            if (buckets == null) {
                buckets = counts.histogram();
            }
            return buckets;
        }

        long count() {
            return buckets().count();
        }

        /** "bucket:n" in bucket order, and the summed seconds rounded: what the histogram holds, for comparing. */
        String describe() {
            return buckets().describe() + "seconds=" + Math.round(seconds);
        }

        Durations durations() {
            return new Durations(count(), hours(seconds / count()), hours(percentile(0.5)), hours(percentile(0.9)));
        }

        /** In seconds, as percentile_cont, each value read inside its bucket. */
        double percentile(double p) {
            return buckets().percentileSeconds(p);
        }
    }

    private Map<String, Durations> exactDurations(Measured measured, GroupBy groupBy, Period period, String team) {
        String at = measured.timeColumn();
        return jdbc.sql("""
                        SELECT grp, count(*) AS issues, avg(seconds) AS mean,
                               percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) AS median,
                               percentile_cont(0.9) WITHIN GROUP (ORDER BY seconds) AS p90
                          FROM (SELECT %s AS grp, %s AS seconds
                                  FROM kpi_issue
                                 WHERE %s >= :start AND %s < :end %s) measured
                         GROUP BY grp
                        """.formatted(issueGroup(groupBy, at), measured.secondsColumn(), at, at, teamOnly(team)))
                .params(params(null, period, team))
                .query((rs, row) -> Map.entry(rs.getString("grp"), new Durations(rs.getLong("issues"),
                        hours(rs.getDouble("mean")), hours(rs.getDouble("median")), hours(rs.getDouble("p90")))))
                .list()
                .stream()
                .collect(LinkedHashMap::new, (map, entry) -> map.put(entry.getKey(), entry.getValue()), Map::putAll);
    }

    /** Per UTC day of the period: issues whose latest resolution fell on it, and their resolve times summed. */
    Map<LocalDate, Resolved> resolvedPerDay(Period period, String team) {
        Map<LocalDate, Resolved> values = new HashMap<>();
        jdbc.sql("""
                        SELECT day, sum(timed_resolutions) AS issues, sum(resolve_seconds) AS seconds
                          FROM %s
                         WHERE dimension = 'all' AND day BETWEEN :from AND :to %s
                         GROUP BY day
                        """.formatted(dailyTotals(team), teamOnly(team)))
                .params(params(KpiProjection.ALL, period, team))
                .query((rs, row) -> Map.entry(rs.getObject("day", LocalDate.class),
                        new Resolved(rs.getLong("issues"), rs.getDouble("seconds"))))
                .list()
                .forEach(entry -> values.put(entry.getKey(), entry.getValue()));
        return values;
    }

    /**
     * Issues created in the period per pair of current values, e.g. (team, category); the axes are column names
     * chosen by enum, never request text. Keys are '' for issues without a value.
     */
    List<HeatMap.Cell> createdPerPair(HeatAxis rows, HeatAxis cols, Period period, String team) {
        // Team x category and team x priority are counted already: kpi_daily counts a creation under the issue's
        // current team, category and priority, as kpi_issue holds them.
        String counted = rows == HeatAxis.TEAM ? counterDimension(cols) : cols == HeatAxis.TEAM ? counterDimension(rows)
                : null;
        if (counted != null) {
            return jdbc.sql("""
                            SELECT %s AS row_key, %s AS col_key, sum(created) AS n
                              FROM (%s) counters
                             GROUP BY 1, 2
                            HAVING sum(created) > 0
                            """.formatted(rows == HeatAxis.TEAM ? "team" : "key", cols == HeatAxis.TEAM ? "team" : "key",
                            counterRows(team, false)))
                    .params(counterParams(counted, period.from(), period.to(), team, true))
                    .query((rs, row) -> new HeatMap.Cell(rs.getString("row_key"), rs.getString("col_key"),
                            rs.getLong("n")))
                    .list();
        }
        return jdbc.sql("""
                        SELECT %s AS row_key, %s AS col_key, count(*) AS n
                          FROM kpi_issue
                         WHERE created_at >= :start AND created_at < :end %s
                         GROUP BY 1, 2
                        """.formatted(rows.column(), cols.column(), teamOnly(team)))
                .params(params(null, period, team))
                .query((rs, row) -> new HeatMap.Cell(rs.getString("row_key"), rs.getString("col_key"), rs.getLong("n")))
                .list();
    }

    /** The {@code kpi_daily} dimension that keys counters by this axis, if any (team is in every row). */
    private static String counterDimension(HeatAxis axis) {
        return axis == HeatAxis.CATEGORY ? KpiProjection.CATEGORY
                : axis == HeatAxis.PRIORITY ? KpiProjection.PRIORITY : null;
    }

    /** Issues in work now per owner (null: not assigned yet), busiest first. */
    List<KpiReport.OwnerLoad> teamLoad(String team) {
        Map<String, Object> params = new HashMap<>();
        params.put("team", team);
        return jdbc.sql("""
                        SELECT owner, count(*) AS open_issues
                          FROM kpi_issue
                         WHERE open %s
                         GROUP BY owner
                         ORDER BY open_issues DESC, owner NULLS LAST
                        """.formatted(teamOnly(team)))
                .params(params)
                .query((rs, row) -> new KpiReport.OwnerLoad(rs.getString("owner"), rs.getLong("open_issues")))
                .list();
    }

    /** The two durations, each as its end time and its length in {@code kpi_issue}. */
    enum Measured {
        FIRST_RESPONSE("first_response_at", "first_response_seconds"),
        RESOLUTION("resolved_at", "resolve_seconds");

        /** Its name in {@code kpi_duration_daily.measure}. */
        String histogramName() {
            return this == FIRST_RESPONSE ? "first_response" : "resolution";
        }

        private final String timeColumn;
        private final String secondsColumn;

        Measured(String timeColumn, String secondsColumn) {
            this.timeColumn = timeColumn;
            this.secondsColumn = secondsColumn;
        }

        String timeColumn() {
            return timeColumn;
        }

        String secondsColumn() {
            return secondsColumn;
        }
    }

    /** Issues whose (latest) resolution fell on a day, and their resolve times summed. */
    record Resolved(long issues, double seconds) {
    }

    record Counts(long created, long resolved, long closed, long reopened, long invalidReports, long satisfactionSum,
                  long satisfactionCount) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

        /** Nothing happened: what is left of a key after every issue moved away from it. */
        boolean isEmpty() {
            return equals(NONE);
        }

        /** The counts of two disjoint sets of issues together. */
        Counts plus(Counts other) {
            return new Counts(created + other.created, resolved + other.resolved, closed + other.closed,
                    reopened + other.reopened, invalidReports + other.invalidReports,
                    satisfactionSum + other.satisfactionSum, satisfactionCount + other.satisfactionCount);
        }
    }

    /** Hours, rounded to 2 decimals; null when nothing was measured. */
    record Durations(long issues, Double meanHours, Double medianHours, Double p90Hours) {

        static final Durations NONE = new Durations(0, null, null, null);
    }

    private static String dimension(GroupBy groupBy) {
        if (groupBy == GroupBy.CATEGORY) {
            return KpiProjection.CATEGORY;
        }
        return groupBy == GroupBy.PRIORITY ? KpiProjection.PRIORITY : KpiProjection.ALL;
    }

    /** The group of a {@code kpi_daily} row; calendar buckets named by their first day, as {@link Interval} does. */
    private static String dailyGroup(GroupBy groupBy) {
        if (groupBy == null) {
            return "''";
        }
        return switch (groupBy) {
            case TEAM -> "team";
            case PRIORITY, CATEGORY -> "key";
            case WEEK -> "to_char(date_trunc('week', CAST(day AS timestamp)), 'YYYY-MM-DD')";
            case MONTH -> "to_char(date_trunc('month', CAST(day AS timestamp)), 'YYYY-MM-DD')";
        };
    }

    /** The group of a {@code kpi_issue} row; calendar buckets by the UTC day of the measured time. */
    private static String issueGroup(GroupBy groupBy, String timeColumn) {
        if (groupBy == null) {
            return "''";
        }
        return switch (groupBy) {
            case TEAM -> "team";
            case PRIORITY -> "priority";
            case CATEGORY -> "category";
            case WEEK -> "to_char(date_trunc('week', " + timeColumn + " AT TIME ZONE 'UTC'), 'YYYY-MM-DD')";
            case MONTH -> "to_char(date_trunc('month', " + timeColumn + " AT TIME ZONE 'UTC'), 'YYYY-MM-DD')";
        };
    }

    private static String teamOnly(String team) {
        return team == null ? "" : "AND team = :team";
    }

    private static Map<String, Object> params(String dimension, Period period, String team) {
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", dimension);
        params.put("from", period.from());
        params.put("to", period.to());
        params.put("start", period.start().atOffset(ZoneOffset.UTC));
        params.put("end", period.endExclusive().atOffset(ZoneOffset.UTC));
        params.put("team", team);
        return params;
    }

    private static Double hours(double seconds) {
        return Math.round(seconds / 36.0) / 100.0;
    }
}
