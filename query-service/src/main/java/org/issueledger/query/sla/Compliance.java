package org.issueledger.query.sla;


import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.issueledger.query.histogram.LogHistogram;
import org.issueledger.events.sla.ClockKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Compliance as the clocks were measured: pre-summed by the projection, or aggregated over {@code sla_clock}. */
@Component
class Compliance {

    /** Group keys in order: by each value, nulls (no team, no category) last. */
    static final Comparator<List<String>> KEY_ORDER = (a, b) -> {
        Comparator<String> values = Comparator.nullsLast(Comparator.naturalOrder());
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int compared = values.compare(a.get(i), b.get(i));
            if (compared != 0) {
                return compared;
            }
        }
        return Integer.compare(a.size(), b.size());
    };

    private final JdbcClient jdbc;

    Compliance(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code sla_compliance_daily.dimension} / {@code .span} values, and the histogram bucket of {@code ms}. */
    static final String ALL = "all";
    static final String TEAM = "team";
    static final String CATEGORY = "category";
    static final String PRIORITY = "priority";
    static final String DAY = "day";
    /** Only in {@code sla_duration_daily} (V67): the histograms of whole ISO weeks, day = the Monday. */
    static final String WEEK = "week";
    static final String MONTH = "month";
    static final String BUCKET = LogHistogram.bucketOf("ms / 1000.0");
    /** Up to this many stopped clocks in one answer, mean, median and p90 are exact (from the clocks themselves). */
    static final long EXACT_UP_TO = 10_000;

    /**
     * Per group (the values of {@code groupBy} in order; the empty key when not grouped), both clocks' figures.
     *
     * <p>For windows of whole UTC days grouped by at most one of team, category and priority (a team filter counts as
     * grouping by team) the counts come from {@code sla_compliance_daily} and mean, median and p90 from
     * {@code sla_duration_daily} (V61, arrays since V83): counts and mean exact, median and p90 within 5 %. Up to
     * {@value #EXACT_UP_TO} stopped clocks, and for anything else, every figure is aggregated exactly over the clocks,
     * which is then as fast.
     */
    Map<List<String>, Figures> measured(Window window, List<GroupBy> groupBy, String team) {
        return summed(window, groupBy, team, EXACT_UP_TO).orElseGet(() -> exact(window, groupBy, team));
    }

    /** Every figure aggregated over the clocks joined with their issues. */
    Map<List<String>, Figures> exact(Window window, List<GroupBy> groupBy, String team) {
        StringBuilder select = new StringBuilder();
        for (int i = 0; i < groupBy.size(); i++) {
            select.append(groupBy.get(i).sql).append(" AS g").append(i).append(", ");
        }
        String groupPositions = IntStream.rangeClosed(1, groupBy.size() + 1)
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(", "));
        String sql = """
                SELECT %sc.clock,
                       count(*) FILTER (WHERE c.state = 'MET') AS met,
                       count(*) FILTER (WHERE c.state = 'BREACHED') AS breached,
                       count(*) FILTER (WHERE c.state IN ('RUNNING', 'PAUSED')) AS running,
                       count(*) FILTER (WHERE c.stopped_at IS NOT NULL) AS stopped,
                       avg(c.elapsed_ms) FILTER (WHERE c.stopped_at IS NOT NULL) AS mean,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY c.elapsed_ms)
                           FILTER (WHERE c.stopped_at IS NOT NULL) AS median,
                       percentile_cont(0.9) WITHIN GROUP (ORDER BY c.elapsed_ms)
                           FILTER (WHERE c.stopped_at IS NOT NULL) AS p90
                  FROM sla_clock c
                  JOIN sla_issue i ON i.issue_id = c.issue_id
                 WHERE true%s%s
                 GROUP BY %s
                """.formatted(select, window.sqlCondition(), team != null ? " AND i.team = :team" : "",
                groupPositions);

        Map<List<String>, Figures> figures = new TreeMap<>(KEY_ORDER);
        jdbc.sql(sql).params(window.params(team)).query((ResultSet rs) -> {
            List<String> key = new ArrayList<>(groupBy.size());
            for (int i = 0; i < groupBy.size(); i++) {
                key.add(rs.getString("g" + i));
            }
            ClockFigures clock = ClockFigures.of(rs.getLong("met"), rs.getLong("breached"), rs.getLong("running"),
                    rs.getLong("stopped"), number(rs, "mean"), number(rs, "median"), number(rs, "p90"));
            put(figures, key, rs.getString("clock"), clock);
        });
        return figures;
    }

    /**
     * The figures from the pre-summed tables, if they can answer (whole-day window, at most one of team, category,
     * priority) and more than {@code exactUpTo} clocks were stopped; else empty.
     */
    Optional<Map<List<String>, Figures>> summed(Window window, List<GroupBy> groupBy, String team, long exactUpTo) {
        Optional<Summable> summable = Summable.of(window, groupBy, team);
        if (summable.isEmpty()) {
            return Optional.empty();
        }
        Summable plan = summable.get();
        Map<List<String>, Map<String, long[]>> counts = new TreeMap<>(KEY_ORDER);
        jdbc.sql("""
                        SELECT %s clock, sum(met) AS met, sum(breached) AS breached, sum(running) AS running,
                               sum(stopped) AS stopped, sum(stopped_ms) AS stopped_ms
                          FROM (%s) r
                         GROUP BY %s
                        """.formatted(plan.groupSelect(), plan.rows("sla_compliance_daily"), plan.groupPositions()))
                .params(plan.params())
                .query((ResultSet rs) -> {
                    counts.computeIfAbsent(plan.key(rs), key -> new HashMap<>()).put(rs.getString("clock"),
                            new long[] {rs.getLong("met"), rs.getLong("breached"), rs.getLong("running"),
                                    rs.getLong("stopped"), rs.getLong("stopped_ms")});
                });
        long stopped = counts.values().stream().flatMap(clocks -> clocks.values().stream()).mapToLong(sums -> sums[3])
                .sum();
        if (stopped <= exactUpTo) {
            return Optional.empty();
        }
        // The window's histogram rows (V83: one array of bucket counts per row) added up here rather than with
        // histogram_sum in SQL: a few hundred short arrays, and no PL/pgSQL call per row.
        Map<List<String>, Map<String, LogHistogram.Sum>> added = new HashMap<>();
        Map<String, Object> histogramParams = plan.params();
        jdbc.sql("""
                        SELECT %s clock, array_lower(counts, 1) AS first, counts
                          FROM (%s) r
                        """.formatted(plan.groupSelect(), plan.histogramRows(histogramParams)))
                .params(histogramParams)
                .query((ResultSet rs) -> {
                    added.computeIfAbsent(plan.key(rs), key -> new HashMap<>())
                            .computeIfAbsent(rs.getString("clock"), clock -> new LogHistogram.Sum())
                            .add(rs, "first", "counts");
                });
        Map<List<String>, Map<String, LogHistogram>> histograms = new HashMap<>();
        added.forEach((key, clocks) -> clocks.forEach((clock, sum) -> histograms
                .computeIfAbsent(key, k -> new HashMap<>()).put(clock, sum.histogram())));
        Map<List<String>, Figures> figures = new TreeMap<>(KEY_ORDER);
        counts.forEach((key, clocks) -> clocks.forEach((clock, sums) -> {
            LogHistogram histogram = histograms.getOrDefault(key, Map.of()).get(clock);
            boolean measured = sums[3] > 0 && histogram != null && histogram.count() > 0;
            put(figures, key, clock, ClockFigures.of(sums[0], sums[1], sums[2], sums[3],
                    sums[3] > 0 ? (double) sums[4] / sums[3] : null,
                    measured ? 1000 * histogram.percentileSeconds(0.5) : null,
                    measured ? 1000 * histogram.percentileSeconds(0.9) : null));
        }));
        return Optional.of(figures);
    }

    private static void put(Map<List<String>, Figures> figures, List<String> key, String clock,
                            ClockFigures clockFigures) {
        Figures before = figures.getOrDefault(key, Figures.NONE);
        figures.put(key, ClockKind.valueOf(clock) == ClockKind.FIRST_RESPONSE
                ? new Figures(clockFigures, before.resolution())
                : new Figures(before.firstResponse(), clockFigures));
    }

    /**
     * How a question is read from the pre-summed tables: which dimension (and key, for a team), and which of their
     * rows: months wholly inside the window, and days at its ends (all days when grouped by week, which months do
     * not divide).
     */
    private record Summable(String dimension, List<GroupBy> groupBy, String team, LocalDate from, LocalDate monthsFrom,
                            LocalDate monthsTo, LocalDate to) {

        /** Far enough back and ahead for any clock; dates PostgreSQL takes. */
        private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);
        private static final LocalDate LATEST = LocalDate.of(9999, 12, 1);

        static Optional<Summable> of(Window window, List<GroupBy> groupBy, String team) {
            if (!wholeDay(window.from()) || !wholeDay(window.to())) {
                return Optional.empty();
            }
            Set<String> dimensions = new LinkedHashSet<>();
            for (GroupBy dimension : groupBy) {
                switch (dimension) {
                    case TEAM -> dimensions.add(TEAM);
                    case CATEGORY -> dimensions.add(CATEGORY);
                    case PRIORITY -> dimensions.add(PRIORITY);
                    case WEEK, MONTH -> {
                        // calendar buckets of the start day: any dimension has them
                    }
                }
            }
            if (team != null) {
                dimensions.add(TEAM);
            }
            if (dimensions.size() > 1) {
                return Optional.empty();
            }
            LocalDate from = window.from() == null ? EARLIEST : LocalDate.ofInstant(window.from(), ZoneOffset.UTC);
            LocalDate to = window.to() == null ? LATEST : LocalDate.ofInstant(window.to(), ZoneOffset.UTC);
            LocalDate monthsFrom = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
            LocalDate monthsTo = to.withDayOfMonth(1);
            if (groupBy.contains(GroupBy.WEEK) || !monthsFrom.isBefore(monthsTo)) {
                monthsFrom = to;
                monthsTo = to;
            }
            return Optional.of(new Summable(dimensions.isEmpty() ? ALL : dimensions.iterator().next(), groupBy, team,
                    from, monthsFrom, monthsTo, to));
        }

        private static boolean wholeDay(Instant bound) {
            return bound == null || bound.atOffset(ZoneOffset.UTC).toLocalTime().equals(LocalTime.MIDNIGHT);
        }

        /** The rows of {@code table} that make up the window: each range an index range of its primary key. */
        String rows(String table) {
            String keyOnly = team != null ? " AND key = :team" : "";
            return """
                    SELECT * FROM %1$s WHERE dimension = :dimension AND span = 'month'
                                         AND day >= :monthsFrom AND day < :monthsTo%2$s
                    UNION ALL
                    SELECT * FROM %1$s WHERE dimension = :dimension AND span = 'day'
                                         AND day >= :from AND day < :monthsFrom%2$s
                    UNION ALL
                    SELECT * FROM %1$s WHERE dimension = :dimension AND span = 'day'
                                         AND day >= :monthsTo AND day < :to%2$s
                    """.formatted(table, keyOnly);
        }

        /**
         * The rows of {@code sla_duration_daily} that make up the window: the months of {@link #rows}, and of the
         * days at its ends the whole ISO weeks from the week rows (V67), the days before and after them from the
         * day rows. Grouped by month, a week is taken only inside one month, so that a month's answer never holds
         * a day of the next. Bounds are added to {@code params}.
         */
        String histogramRows(Map<String, Object> params) {
            String keyOnly = team != null ? " AND key = :team" : "";
            List<String> parts = new ArrayList<>();
            parts.add("""
                    SELECT * FROM sla_duration_daily WHERE dimension = :dimension AND span = 'month'
                                                   AND day >= :monthsFrom AND day < :monthsTo%s""".formatted(keyOnly));
            // grouped by month, the day ranges lie in at most two months (the rest are month rows)
            boolean byMonth = groupBy.contains(GroupBy.MONTH);
            for (LocalDate[] range : List.of(new LocalDate[] {from, monthsFrom}, new LocalDate[] {monthsTo, to})) {
                LocalDate start = range[0];
                while (start.isBefore(range[1])) {
                    LocalDate nextMonth = start.withDayOfMonth(1).plusMonths(1);
                    LocalDate end = !byMonth || !nextMonth.isBefore(range[1]) ? range[1] : nextMonth;
                    LocalDate firstMonday = start.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
                    LocalDate lastMonday = end.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
                    if (firstMonday.isBefore(lastMonday)) {
                        parts.add(span(WEEK, firstMonday, lastMonday, keyOnly, params));
                        parts.add(span(DAY, start, firstMonday, keyOnly, params));
                        parts.add(span(DAY, lastMonday, end, keyOnly, params));
                    } else {
                        parts.add(span(DAY, start, end, keyOnly, params));
                    }
                    start = end;
                }
            }
            return String.join("\nUNION ALL\n", parts);
        }

        /** The {@code span} rows with day in [from, to), their bounds added to {@code params}. */
        private static String span(String span, LocalDate from, LocalDate to, String keyOnly,
                                   Map<String, Object> params) {
            String name = "d" + params.size();
            params.put(name + "from", from);
            params.put(name + "to", to);
            return """
                    SELECT * FROM sla_duration_daily WHERE dimension = :dimension AND span = '%s'
                                                   AND day >= :%sfrom AND day < :%sto%s""".formatted(span, name, name,
                    keyOnly);
        }

        /** {@code g0, g1, ...,} of the groups, in the order asked; the dimension's own is its key. */
        String groupSelect() {
            StringBuilder select = new StringBuilder();
            for (int i = 0; i < groupBy.size(); i++) {
                String expression = switch (groupBy.get(i)) {
                    case TEAM, CATEGORY, PRIORITY -> "key";
                    case WEEK -> "to_char(date_trunc('week', CAST(day AS timestamp)), 'YYYY-MM-DD')";
                    case MONTH -> "to_char(day, 'YYYY-MM')";
                };
                select.append(expression).append(" AS g").append(i).append(", ");
            }
            return select.toString();
        }

        String groupPositions() {
            return IntStream.rangeClosed(1, groupBy.size() + 1)
                    .mapToObj(Integer::toString)
                    .collect(Collectors.joining(", "));
        }

        /** The group of a result row; an absent team, category or priority (stored as '') is null, as in sla_clock. */
        List<String> key(ResultSet rs) throws SQLException {
            List<String> key = new ArrayList<>(groupBy.size());
            for (int i = 0; i < groupBy.size(); i++) {
                String value = rs.getString("g" + i);
                key.add(value != null && value.isEmpty() ? null : value);
            }
            return key;
        }

        Map<String, Object> params() {
            Map<String, Object> params = new HashMap<>();
            params.put("dimension", dimension);
            params.put("from", from);
            params.put("monthsFrom", monthsFrom);
            params.put("monthsTo", monthsTo);
            params.put("to", to);
            if (team != null) {
                params.put("team", team);
            }
            return params;
        }
    }

    private static Double number(ResultSet rs, String column) throws SQLException {
        Object value = rs.getObject(column);
        return value instanceof Number number ? number.doubleValue() : null;
    }
}
