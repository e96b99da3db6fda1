package org.issueledger.query.rankings;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads the rankings from the daily counters and the per-issue rows. */
@Component
class Rankings {

    private final JdbcClient jdbc;

    Rankings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The newest issue creation: windows end on its day by default. Creation, not any event, so that the lookup is
     * one index entry and most updates of {@code ranking_issue} need no index at all.
     */
    Optional<Instant> newestCreation() {
        return jdbc.sql("SELECT max(created_at) FROM ranking_issue")
                .query((rs, row) -> Optional.ofNullable(rs.getObject(1, OffsetDateTime.class)))
                .single()
                .map(OffsetDateTime::toInstant);
    }

    /**
     * The {@code limit} keys with the highest counts in [from, to] (from null: since the beginning), each with its
     * count in the previous window [previous.0, previous.1] when one is given.
     */
    List<Counted> top(Counter counter, LocalDate from, LocalDate to, List<LocalDate> previous, String team,
                      int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", counter.stored());
        params.put("team", team);
        params.put("limit", limit);
        if (counter == Counter.FINGERPRINT && team == null && from != null) {
            Optional<Long> least = leastCountOfLikelyTop(counter, from, to, limit);
            if (least.isPresent()) {
                return topOfCandidates(counter, from, to, previous, limit, least.get());
            }
        }
        if (counter.perIssue()) {
            Optional<List<Counted>> tied = topOfTies(counter, from, to, previous, team, limit);
            if (tied.isPresent()) {
                return tied.get();
            }
        }
        // total: everything counted in the window (counts are never negative, so the keys HAVING drops add 0),
        // summed in the same pass over the rows, before the LIMIT
        String current = """
                SELECT key, sum(n) AS count, sum(sum(n)) OVER () AS total
                  FROM (%s) counted
                 GROUP BY key
                HAVING sum(n) > 0
                 ORDER BY count DESC, key
                 LIMIT :limit""".formatted(countRows(counter, from, to, team, "", "current", params));
        String sql = previous.isEmpty()
                ? "SELECT key, count, total, CAST(NULL AS bigint) AS previous_count FROM (" + current
                        + ") c ORDER BY count DESC, key"
                : """
                WITH current_window AS (%s),
                     previous_window AS (
                         SELECT key, sum(n) AS count
                           FROM (%s) counted
                          GROUP BY key)
                SELECT c.key, c.count, c.total, coalesce(p.count, 0) AS previous_count
                  FROM current_window c
                  LEFT JOIN previous_window p ON p.key = c.key
                 ORDER BY c.count DESC, c.key
                """.formatted(current, countRows(counter, previous.get(0), previous.get(1), team,
                        "AND key IN (SELECT key FROM current_window)", "previous", params));
        return jdbc.sql(sql)
                .params(params)
                .query((rs, row) -> new Counted(rs.getString("key"), rs.getLong("count"),
                        rs.getObject("previous_count", Long.class), rs.getLong("total")))
                .list();
    }

    /**
     * How many keys of all time are read to find a lower bound of a window's {@code limit}-th count: enough that the
     * bound is near the true one (the keys of all time most counted are mostly the window's too), few enough to be
     * read by key at once.
     */
    private static final int LIKELY_TOP = 200;

    /**
     * The {@code limit}-th highest count in [from, to] among the {@value #LIKELY_TOP} (or {@code 4 * limit}) keys
     * most counted over all time and all teams ({@code ranking_total}); empty when fewer than {@code limit} of them
     * were counted in the window. Every key in the window's true top has at least this count: the true top's
     * lowest count is at least the {@code limit}-th of any subset of keys.
     */
    Optional<Long> leastCountOfLikelyTop(Counter counter, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("""
                        SELECT counted.count
                          FROM (SELECT key FROM ranking_total WHERE dimension = :dimension
                                 ORDER BY n DESC, key LIMIT :likely) likely
                        %s
                         WHERE counted.count > 0
                         ORDER BY counted.count DESC
                        OFFSET :offset LIMIT 1
                        """.formatted(windowCount("likely.key", "")))
                .param("dimension", counter.stored())
                .param("likely", Math.max(LIKELY_TOP, 4 * limit))
                .param("from", from)
                .param("to", to.plusDays(1))
                .param("offset", limit - 1)
                .query(Long.class)
                .optional();
    }

    /**
     * {@link #top} over all teams of a counter with very many keys (fingerprints: hundreds of thousands, most counted
     * once), without summing every key of the window: only keys whose count over all time ({@code ranking_total},
     * never below their count in any window, as counts are never negative) reaches {@code least} can be in the top
     * (see {@link #leastCountOfLikelyTop}), and they are summed by key ({@code ranking_count_by_key}). The same
     * answer; {@code windowTotal} is not summed (0): the total of a counter that counts issues is the team
     * counter's.
     */
    List<Counted> topOfCandidates(Counter counter, LocalDate from, LocalDate to, List<LocalDate> previous,
                                          int limit, long least) {
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", counter.stored());
        params.put("least", least);
        params.put("from", from);
        params.put("to", to.plusDays(1));
        params.put("limit", limit);
        String current = """
                SELECT t.key, counted.count
                  FROM ranking_total t
                %s
                 WHERE t.dimension = :dimension AND t.n >= :least AND counted.count > 0
                 ORDER BY counted.count DESC, t.key
                 LIMIT :limit""".formatted(windowCount("t.key", ""));
        String previousCount = "CAST(NULL AS bigint)";
        if (!previous.isEmpty()) {
            params.put("previousFrom", previous.get(0));
            params.put("previousTo", previous.get(1).plusDays(1));
            previousCount = """
                    (SELECT coalesce(sum(p.n), 0) FROM ranking_count p
                      WHERE p.dimension = :dimension AND p.key = top.key
                        AND p.day >= :previousFrom AND p.day < :previousTo)""";
        }
        return jdbc.sql("""
                        SELECT top.key, top.count, %s AS previous_count
                          FROM (%s) top
                         ORDER BY top.count DESC, top.key
                        """.formatted(previousCount, current))
                .params(params)
                .query((rs, row) -> new Counted(rs.getString("key"), rs.getLong("count"),
                        rs.getObject("previous_count", Long.class), 0))
                .list();
    }

    /**
     * How many of a window's rows {@link #topOfTies} reads in key order, per row of the answer, before it gives up
     * and leaves the window to be summed whole.
     */
    private static final int TIED_ROWS_READ_PER_ROW = 100;

    /**
     * {@link #top} of a per-issue counter (escalations, reopens), found without summing every key of the window;
     * empty when this way does not settle it (then the window is summed whole, as before).
     *
     * <p>Why: these counts are 1-3, so a window has thousands of keys tied at its highest counts, and the top is the
     * first {@code limit} of them by key. Summing every key of the window and sorting them was the cost
     * (most-escalated 30d: ~47,000 keys at 1,000,000 issues), and the candidate bound of the fingerprints cannot
     * prune ties. Here, with {@code level} the all-time count ({@code ranking_total}, all teams) of the
     * {@value #LIKELY_TOP}th most counted key:
     * <ol>
     * <li>the few keys counted more than {@code level} over all time are summed in the window by key (they alone can
     * count more than {@code level} in it: a window never counts more than all time, counts are never negative);</li>
     * <li>the window's rows are read in key order ({@code ranking_count_by_key}) until {@code limit} keys have
     * reached {@code level}, at most {@code limit * }{@value #TIED_ROWS_READ_PER_ROW} rows.</li>
     * </ol>
     * When step 2 finds {@code limit} keys, the top is among them and the keys of step 1: every other key counts less
     * than {@code level}, or exactly {@code level} with a key after all of those found. A key read only in part (the
     * last one of the rows read) is found only if its part reached {@code level}; its count then is {@code level}
     * unless step 1 summed it (its count there is the whole one).
     */
    Optional<List<Counted>> topOfTies(Counter counter, LocalDate from, LocalDate to, List<LocalDate> previous,
                                      String team, int limit) {
        return topOfTies(counter, from, to, previous, team, limit, LIKELY_TOP);
    }

    /** {@link #topOfTies} with {@code level} the all-time count of the {@code likely}th most counted key. */
    Optional<List<Counted>> topOfTies(Counter counter, LocalDate from, LocalDate to, List<LocalDate> previous,
                                      String team, int limit, int likely) {
        long level = jdbc.sql("""
                        SELECT n FROM ranking_total WHERE dimension = :dimension
                         ORDER BY n DESC, key OFFSET :likely LIMIT 1""")
                .param("dimension", counter.stored())
                .param("likely", likely - 1)
                .query(Long.class)
                .optional()
                .orElse(1L);
        if (level < 1) {
            return Optional.empty();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", counter.stored());
        params.put("team", team);
        params.put("from", from == null ? EARLIEST : from);
        params.put("to", to.plusDays(1));
        params.put("level", level);
        params.put("rows", limit * TIED_ROWS_READ_PER_ROW);
        params.put("limit", limit);
        String teamOnly = team == null ? "" : "AND team = :team";
        // step 1: one index range per key, as in topOfCandidates
        Map<String, Long> counts = new HashMap<>();
        jdbc.sql("""
                        SELECT t.key, counted.count
                          FROM ranking_total t
                        %s
                         WHERE t.dimension = :dimension AND t.n > :level AND counted.count > 0
                        """.formatted(windowCount("t.key", team == null ? "" : "AND c.team = :team")))
                .params(params)
                .query((rs, row) -> counts.put(rs.getString("key"), rs.getLong("count")))
                .list();
        // step 2: the inner LIMIT bounds the rows read; the outer one stops reading once limit keys have reached
        // level (the GROUP BY of rows already in key order passes each key on as soon as its rows are summed)
        List<Counted> reached = jdbc.sql("""
                        SELECT key, sum(n) AS count
                          FROM (SELECT key, n FROM ranking_count
                                 WHERE dimension = :dimension AND day >= :from AND day < :to %s
                                 ORDER BY key
                                 LIMIT :rows) in_key_order
                         GROUP BY key
                        HAVING sum(n) >= :level
                         ORDER BY key
                         LIMIT :limit
                        """.formatted(teamOnly))
                .params(params)
                .query((rs, row) -> new Counted(rs.getString("key"), rs.getLong("count"), null, 0))
                .list();
        if (reached.size() < limit) {
            return Optional.empty();
        }
        for (Counted counted : reached) {
            if (!counts.containsKey(counted.key())) {
                if (counted.count() > level) {
                    // more than its all-time count: the totals do not (yet) hold what the window holds
                    return Optional.empty();
                }
                counts.put(counted.key(), counted.count());
            }
        }
        // keys of per-issue counters are issue ids: hex digits and hyphens in fixed places, in the same order in
        // Java as in any collation of PostgreSQL's ORDER BY key
        List<Map.Entry<String, Long>> top = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .toList();
        List<String> keys = top.stream().map(Map.Entry::getKey).toList();
        long windowTotal = total(counter, from, to, team);
        Map<String, Long> previousCounts = previous.isEmpty() ? Map.of()
                : countsByKey(counter, previous.get(0), previous.get(1), team, keys);
        return Optional.of(top.stream()
                .map(entry -> new Counted(entry.getKey(), entry.getValue(),
                        previous.isEmpty() ? null : previousCounts.getOrDefault(entry.getKey(), 0L), windowTotal))
                .toList());
    }

    /**
     * SQL: {@code counted.count}, the count in [:from, :to) of :dimension's key {@code key} (a column of the rows it
     * is joined to), restricted by {@code teamCondition} on {@code c}. One index range of {@code ranking_count_by_key}
     * per key (LATERAL): a join would read every row of the window instead.
     */
    private static String windowCount(String key, String teamCondition) {
        return """
                 CROSS JOIN LATERAL (SELECT sum(c.n) AS count FROM ranking_count c
                                      WHERE c.dimension = :dimension AND c.key = %s
                                        AND c.day >= :from AND c.day < :to %s) counted""".formatted(key, teamCondition);
    }

    /** The counts in [from, to] of the given keys (absent: 0), each looked up by key. */
    private Map<String, Long> countsByKey(Counter counter, LocalDate from, LocalDate to, String team,
                                          List<String> keys) {
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", counter.stored());
        params.put("team", team);
        params.put("from", from);
        params.put("to", to.plusDays(1));
        params.put("keys", keys);
        return jdbc.sql("""
                        SELECT key, sum(n) AS count FROM ranking_count
                         WHERE dimension = :dimension AND key IN (:keys) AND day >= :from AND day < :to %s
                         GROUP BY key
                        """.formatted(team == null ? "" : "AND team = :team"))
                .params(params)
                .query((rs, row) -> Map.entry(rs.getString("key"), rs.getLong("count")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Everything counted in [from, to] (from null: since the beginning). */
    long total(Counter counter, LocalDate from, LocalDate to, String team) {
        Counter counted = counter.countsIssues() ? Counter.TEAM : counter;
        if (counted.perIssue()) {
            // the dimension as a literal (an enum's constant name, not input): index ranking_count_per_issue (V85)
            // is partial, so a parameter's generic plan could not use it
            return jdbc.sql("""
                            SELECT coalesce(sum(n), 0) FROM ranking_count
                             WHERE dimension = '%s' AND day >= :from AND day < :to %s"""
                            .formatted(counted.stored(), team == null ? "" : "AND team = :team"))
                    .param("from", from == null ? EARLIEST : from)
                    .param("to", to.plusDays(1))
                    .param("team", team)
                    .query(Long.class)
                    .single();
        }
        Map<String, Object> params = new HashMap<>();
        params.put("dimension", counted.stored());
        params.put("team", team);
        return jdbc.sql("SELECT coalesce(sum(n), 0) FROM (%s) counted"
                        .formatted(countRows(counted, from, to, team, "", "total", params)))
                .params(params)
                .query(Long.class)
                .single();
    }

    /** Before any day the read model can hold: "since the beginning". */
    private static final LocalDate EARLIEST = LocalDate.of(1, 1, 1);

    /**
     * The {@code key, n} rows of {@code :dimension} (and {@code :team}) counted in the days [from, to] (from null:
     * since the beginning): whole ISO weeks from {@code ranking_count_weekly} (V65) where the counter has them, the
     * days before and after them from {@code ranking_count}; each part one index range ({@code condition}, e.g. the
     * few keys of a previous window, goes into each part so that it is looked up by key). The bounds go into
     * {@code params} under names starting with {@code name}.
     */
    private static String countRows(Counter counter, LocalDate from, LocalDate to, String team, String condition,
                                     String name, Map<String, Object> params) {
        String teamOnly = (team == null ? "" : "AND team = :team ") + condition;
        LocalDate start = from == null ? EARLIEST : from;
        LocalDate end = to.plusDays(1);
        LocalDate firstMonday = start.with(TemporalAdjusters.nextOrSame(DayOfWeek.MONDAY));
        LocalDate lastMonday = end.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        if (team == null && Counter.summedAcrossTeams(counter.stored())) {
            return allTeamsRows(start, firstMonday, lastMonday, end, condition, name, params);
        }
        if (!Counter.rolledUpWeekly(counter.stored()) || !firstMonday.isBefore(lastMonday)) {
            params.put(name + "From", start);
            params.put(name + "To", end);
            return """
                    SELECT key, n FROM ranking_count
                     WHERE dimension = :dimension AND day >= :%1$sFrom AND day < :%1$sTo %2$s""".formatted(name, teamOnly);
        }
        params.put(name + "From", start);
        params.put(name + "Weeks", firstMonday);
        params.put(name + "WeeksEnd", lastMonday);
        params.put(name + "To", end);
        return """
                SELECT key, n FROM ranking_count_weekly
                 WHERE dimension = :dimension AND week >= :%1$sWeeks AND week < :%1$sWeeksEnd %2$s
                UNION ALL
                SELECT key, n FROM ranking_count
                 WHERE dimension = :dimension AND day >= :%1$sFrom AND day < :%1$sWeeks %2$s
                UNION ALL
                SELECT key, n FROM ranking_count
                 WHERE dimension = :dimension AND day >= :%1$sWeeksEnd AND day < :%1$sTo %2$s""".formatted(name, teamOnly);
    }

    /**
     * {@link #countRows} over all teams from {@code ranking_count_all_teams} (V66): one row per key and week, or per
     * key and day before the first and from the last Monday (every day when the window holds no whole week).
     */
    private static String allTeamsRows(LocalDate start, LocalDate firstMonday, LocalDate lastMonday, LocalDate end,
                                       String condition, String name, Map<String, Object> params) {
        params.put(name + "From", start);
        params.put(name + "To", end);
        String days = """
                SELECT key, n FROM ranking_count_all_teams
                 WHERE dimension = :dimension AND span = 'day' AND day >= :%1$sFrom AND day < :%1$sTo %2$s"""
                .formatted(name, condition);
        if (!firstMonday.isBefore(lastMonday)) {
            return days;
        }
        params.put(name + "Weeks", firstMonday);
        params.put(name + "WeeksEnd", lastMonday);
        return """
                SELECT key, n FROM ranking_count_all_teams
                 WHERE dimension = :dimension AND span = 'week' AND day >= :%1$sWeeks AND day < :%1$sWeeksEnd %2$s
                UNION ALL
                SELECT key, n FROM ranking_count_all_teams
                 WHERE dimension = :dimension AND span = 'day' AND day >= :%1$sFrom AND day < :%1$sWeeks %2$s
                UNION ALL
                SELECT key, n FROM ranking_count_all_teams
                 WHERE dimension = :dimension AND span = 'day' AND day >= :%1$sWeeksEnd AND day < :%1$sTo %2$s"""
                .formatted(name, condition);
    }

    /**
     * Whether the all-time totals answer window=all up to {@code to}: nothing of this counter was counted after it.
     * Reads one index entry.
     */
    boolean allTimeTotalsEndBy(Counter counter, LocalDate to) {
        LocalDate last = jdbc.sql("SELECT max(day) FROM ranking_count WHERE dimension = :dimension")
                .param("dimension", counter.stored())
                .query(LocalDate.class)
                .optional()
                .orElse(null);
        return last == null || !last.isAfter(to);
    }

    /** {@link #top} for window=all over all teams, from the all-time totals. */
    List<Counted> topOfAllTime(Counter counter, int limit) {
        return jdbc.sql("""
                        SELECT key, n
                          FROM ranking_total
                         WHERE dimension = :dimension AND n > 0
                         ORDER BY n DESC, key
                         LIMIT :limit
                        """)
                .param("dimension", counter.stored())
                .param("limit", limit)
                .query((rs, row) -> new Counted(rs.getString("key"), rs.getLong("n"), null, 0))
                .list();
    }

    /** {@link #total} for window=all over all teams, from the all-time totals. */
    long totalOfAllTime(Counter counter) {
        return jdbc.sql("SELECT coalesce(sum(n), 0) FROM ranking_total WHERE dimension = :dimension")
                .param("dimension", (counter.countsIssues() ? Counter.TEAM : counter).stored())
                .query(Long.class)
                .single();
    }

    /** Titles of the given issues, for rows keyed by issue id. */
    Map<String, String> titles(List<String> issueIds) {
        if (issueIds.isEmpty()) {
            return Map.of();
        }
        return jdbc.sql("SELECT issue_id, title FROM ranking_issue WHERE issue_id IN (:ids) AND title IS NOT NULL")
                .param("ids", issueIds.stream().map(UUID::fromString).toList())
                .query((rs, row) -> Map.entry(rs.getString("issue_id"), rs.getString("title")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Issues open now and created before {@code before}, oldest first. */
    List<OpenIssue> longestOpen(Instant before, String team, int limit) {
        Map<String, Object> params = new HashMap<>();
        params.put("before", before.atOffset(ZoneOffset.UTC));
        params.put("team", team);
        params.put("limit", limit);
        return jdbc.sql("""
                        SELECT issue_id, title, created_at
                          FROM ranking_issue
                         WHERE open AND created_at < :before %s
                         ORDER BY created_at, issue_id
                         LIMIT :limit
                        """.formatted(team == null ? "" : "AND team = :team"))
                .params(params)
                .query((rs, row) -> new OpenIssue(rs.getObject("issue_id", UUID.class), rs.getString("title"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant()))
                .list();
    }

    /** How many issues {@link #longestOpen} chooses from. */
    long openIssues(Instant before, String team) {
        Map<String, Object> params = new HashMap<>();
        params.put("before", before.atOffset(ZoneOffset.UTC));
        params.put("team", team);
        return jdbc.sql("SELECT count(*) FROM ranking_issue WHERE open AND created_at < :before %s"
                        .formatted(team == null ? "" : "AND team = :team"))
                .params(params)
                .query(Long.class)
                .single();
    }

    /**
     * A key's count in the window, and in the previous one (null when there is none); {@code windowTotal}: what
     * {@link #total} gives for the counter, team and window of {@link #top} (0 from {@link #topOfAllTime}).
     */
    record Counted(String key, long count, Long previousCount, long windowTotal) {
    }

    record OpenIssue(UUID issueId, String title, Instant createdAt) {
    }
}
