package org.issueledger.query.rankings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.web.BadParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/rankings/{dimension}?window&limit&to&team}.
 *
 * <p>Windows end on the reference day: {@code to} when given, else the UTC day of the newest issue creation the
 * rankings have seen, not today's date, so that imported history ranks the same as live traffic and an answer
 * does not drift while nothing happens.
 */
@RestController
@RequestMapping("/api/rankings")
class RankingController {

    static final int MAX_LIMIT = 100;

    private final Rankings rankings;
    private final ProjectionProgress progress;
    // Only for a read model without any event yet: its windows end today.
    private final Clock clock = Clock.systemUTC();

    RankingController(Rankings rankings, ProjectionProgress progress) {
        this.rankings = rankings;
        this.progress = progress;
    }

    @GetMapping("/{dimension}")
    Ranking ranking(@PathVariable String dimension,
                    @RequestParam(defaultValue = "30d") String window,
                    @RequestParam(defaultValue = "10") String limit,
                    @RequestParam(required = false) String to,
                    @RequestParam(required = false) String team) {
        Dimension ranked = Dimension.parse(dimension);
        Window span = Window.parse(window);
        int rows = limit(limit);
        LocalDate requestedEnd = date("to", to);
        String teamFilter = team == null || team.isBlank() ? null : team;

        Freshness freshness = progress.freshness();
        LocalDate end = requestedEnd != null ? requestedEnd
                : LocalDate.ofInstant(rankings.newestCreation().orElseGet(clock::instant), ZoneOffset.UTC);

        if (ranked == Dimension.LONGEST_OPEN) {
            return longestOpen(ranked, span, end, teamFilter, rows, freshness);
        }
        return counted(ranked, span, end, teamFilter, rows, freshness);
    }

    private Ranking counted(Dimension ranked, Window span, LocalDate end, String team, int limit,
                            Freshness freshness) {
        Counter counter = ranked.counter();
        LocalDate start = span.firstDay(end);
        List<LocalDate> previous = span.previous(end);
        boolean allTime = span.all() && team == null && rankings.allTimeTotalsEndBy(counter, end);
        List<Rankings.Counted> top = allTime ? rankings.topOfAllTime(counter, limit)
                : rankings.top(counter, start, end, previous, team, limit);
        // Counters that count issues add up to the team counter's total, the fewest rows; the others' total comes
        // with their top keys, from the same pass over the window (nothing counted: no row, and 0).
        long total = allTime ? rankings.totalOfAllTime(counter)
                : counter.countsIssues() ? rankings.total(counter, start, end, team)
                : top.isEmpty() ? 0 : top.get(0).windowTotal();
        Long previousTotal = previous.isEmpty() ? null
                : rankings.total(counter, previous.get(0), previous.get(1), team);
        Map<String, String> titles = counter.perIssue()
                ? rankings.titles(top.stream().map(Rankings.Counted::key).toList())
                : Map.of();

        List<Ranking.Row> rows = new ArrayList<>();
        for (Rankings.Counted counted : top) {
            Long change = counted.previousCount() == null ? null : counted.count() - counted.previousCount();
            rows.add(new Ranking.Row(rows.size() + 1, nullIfBlank(counted.key()), titles.get(counted.key()),
                    counted.count(), share(counted.count(), total), counted.previousCount(), change));
        }
        return new Ranking(ranked.pathName(), span.name(), start, end,
                previous.isEmpty() ? null : previous.get(0), previous.isEmpty() ? null : previous.get(1),
                team, total, previousTotal, rows, ranked.note(), freshness);
    }

    /** Ages at the end of the reference day, in whole days. */
    private Ranking longestOpen(Dimension ranked, Window span, LocalDate end, String team, int limit,
                                Freshness freshness) {
        Instant reference = end.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        List<Ranking.Row> rows = new ArrayList<>();
        for (Rankings.OpenIssue issue : rankings.longestOpen(reference, team, limit)) {
            long daysOpen = Duration.between(issue.createdAt(), reference).toDays();
            rows.add(new Ranking.Row(rows.size() + 1, issue.issueId().toString(), issue.title(), daysOpen, null,
                    null, null));
        }
        return new Ranking(ranked.pathName(), span.name(), null, end, null, null, team,
                rankings.openIssues(reference, team), null, rows, ranked.note(), freshness);
    }

    private static int limit(String value) {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter("limit",
                "Parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '" + value + "'");
    }

    private static LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameter(parameter,
                    "Parameter '" + parameter + "' must be a date like 2026-11-21, got '" + value + "'");
        }
    }

    private static Double share(long count, long total) {
        return total == 0 ? null : Math.round(count * 10_000.0 / total) / 10_000.0;
    }

    private static String nullIfBlank(String key) {
        return key == null || key.isEmpty() ? null : key;
    }
}
