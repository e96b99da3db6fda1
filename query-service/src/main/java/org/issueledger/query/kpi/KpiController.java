package org.issueledger.query.kpi;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.replay.AsOfSnapshots;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/kpis?from&to&groupBy&team} and {@code GET /api/kpis/team-load?team}. */
@RestController
@RequestMapping("/api/kpis")
class KpiController {

    private final Kpis kpis;
    private final ProjectionProgress progress;
    private final AsOfSnapshots asOfSnapshots;
    // Only for a read model without any event yet: its periods end today.
    private final Clock clock = Clock.systemUTC();

    KpiController(Kpis kpis, ProjectionProgress progress, AsOfSnapshots asOfSnapshots) {
        this.kpis = kpis;
        this.progress = progress;
        this.asOfSnapshots = asOfSnapshots;
    }

    /**
     * @param asOf the figures as they stood at that past instant: only events the event store had recorded by
     *             then count (the books as closed at quarter end, before any late import or correction)
     */
    @GetMapping
    KpiReport kpis(@RequestParam(required = false) String from,
                   @RequestParam(required = false) String to,
                   @RequestParam(required = false) String groupBy,
                   @RequestParam(required = false) String team,
                   @RequestParam(required = false) Instant asOf,
                   HttpServletResponse response) {
        GroupBy grouping = Parameters.choice(GroupBy.class, "groupBy", groupBy);
        String teamFilter = Parameters.team(team);
        Freshness freshness = progress.freshness();
        KpiReport report = asOfSnapshots.answer(asOf, () -> {
            Period period = Period.of(from, to, kpis.newestDay().orElseGet(() -> LocalDate.now(clock)));
            Grouped grouped = grouping == null ? null
                    : grouping.interval() != null ? perBucket(grouping, period, teamFilter)
                    : perKey(grouping, period, teamFilter);
            KpiReport.Row total = grouped == null ? total(period, teamFilter) : grouped.total();
            return new KpiReport(period.from(), period.to(), grouping == null ? null : Parameters.wireName(grouping),
                    teamFilter, total, grouped == null ? List.of(total) : grouped.rows(), kpis.teamLoad(teamFilter),
                    freshness);
        });
        if (asOf != null) {
            response.setHeader(AsOfSnapshots.HEADER, asOf.toString());
        }
        return report;
    }

    @GetMapping("/team-load")
    TeamLoad teamLoad(@RequestParam(required = false) String team) {
        String teamFilter = Parameters.team(team);
        Freshness freshness = progress.freshness();
        return new TeamLoad(teamFilter, kpis.teamLoad(teamFilter), freshness);
    }

    private KpiReport.Row total(Period period, String team) {
        return KpiReport.Row.of(null,
                kpis.counts(null, period, team).getOrDefault("", Kpis.Counts.NONE),
                kpis.backlogAtEnd(null, period, team).getOrDefault("", 0L),
                kpis.durations(Kpis.Measured.FIRST_RESPONSE, null, period, team).getOrDefault("", Kpis.Durations.NONE),
                kpis.durations(Kpis.Measured.RESOLUTION, null, period, team).getOrDefault("", Kpis.Durations.NONE));
    }

    /**
     * The rows of a grouped answer and its total. The total is what {@link #total} reads, taken from the groups'
     * figures instead of reading them again: every issue counts in exactly one group (one team, priority, category,
     * week or month of the period), so counts and backlog are the groups' sums and the durations' histogram is
     * theirs summed (see {@link Kpis#durationsWithTotal}).
     */
    private record Grouped(List<KpiReport.Row> rows, KpiReport.Row total) {
    }

    private static Kpis.Counts sum(Map<String, Kpis.Counts> counts) {
        return counts.values().stream().reduce(Kpis.Counts.NONE, Kpis.Counts::plus);
    }

    /** One row per team, priority or category that had anything in the period or anything in work at its end. */
    private Grouped perKey(GroupBy grouping, Period period, String team) {
        Map<String, Kpis.Counts> counts = kpis.counts(grouping, period, team);
        Map<String, Long> backlog = kpis.backlogAtEnd(grouping, period, team);
        Kpis.GroupedDurations firstResponses = kpis.durationsWithTotal(Kpis.Measured.FIRST_RESPONSE, grouping,
                period, team);
        Kpis.GroupedDurations resolves = kpis.durationsWithTotal(Kpis.Measured.RESOLUTION, grouping, period, team);
        Map<String, Kpis.Durations> firstResponse = firstResponses.groups();
        Map<String, Kpis.Durations> resolve = resolves.groups();

        Set<String> keys = new LinkedHashSet<>();
        counts.forEach((key, counted) -> {
            if (!counted.isEmpty()) {
                keys.add(key);
            }
        });
        backlog.forEach((key, open) -> {
            if (open != 0) {
                keys.add(key);
            }
        });
        keys.addAll(firstResponse.keySet());
        keys.addAll(resolve.keySet());

        List<KpiReport.Row> rows = new ArrayList<>();
        for (String key : keys) {
            rows.add(KpiReport.Row.of(key.isEmpty() ? null : key, counts.getOrDefault(key, Kpis.Counts.NONE),
                    backlog.getOrDefault(key, 0L), firstResponse.getOrDefault(key, Kpis.Durations.NONE),
                    resolve.getOrDefault(key, Kpis.Durations.NONE)));
        }
        rows.sort(Comparator.comparingLong(KpiReport.Row::created).reversed()
                .thenComparing(Comparator.comparingLong(KpiReport.Row::backlog).reversed())
                .thenComparing(KpiReport.Row::group, Comparator.nullsLast(Comparator.naturalOrder())));
        return new Grouped(rows, KpiReport.Row.of(null, sum(counts),
                backlog.values().stream().mapToLong(Long::longValue).sum(), firstResponses.total(),
                resolves.total()));
    }

    /** One row per week or month of the period, empty ones included, named by their first day in the period. */
    private Grouped perBucket(GroupBy grouping, Period period, String team) {
        Map<String, Kpis.Counts> counts = kpis.counts(grouping, period, team);
        Map<LocalDate, Long> backlog = kpis.backlogPerDay(period, team);
        Kpis.GroupedDurations firstResponses = kpis.durationsWithTotal(Kpis.Measured.FIRST_RESPONSE, grouping,
                period, team);
        Kpis.GroupedDurations resolves = kpis.durationsWithTotal(Kpis.Measured.RESOLUTION, grouping, period, team);
        Map<String, Kpis.Durations> firstResponse = firstResponses.groups();
        Map<String, Kpis.Durations> resolve = resolves.groups();

        List<KpiReport.Row> rows = new ArrayList<>();
        for (Interval.Bucket bucket : grouping.interval().buckets(period)) {
            String key = bucket.key().toString();
            rows.add(KpiReport.Row.of(bucket.start().toString(), counts.getOrDefault(key, Kpis.Counts.NONE),
                    backlog.get(bucket.end()), firstResponse.getOrDefault(key, Kpis.Durations.NONE),
                    resolve.getOrDefault(key, Kpis.Durations.NONE)));
        }
        // the backlog at the end of the period is that of its last day
        return new Grouped(rows, KpiReport.Row.of(null, sum(counts), backlog.get(period.to()), firstResponses.total(),
                resolves.total()));
    }
}
