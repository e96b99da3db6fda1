package org.issueledger.query.kpi;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.web.BadParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/trends?metric&interval&from&to&team}. */
@RestController
@RequestMapping("/api/trends")
class TrendController {

    static final int MAX_POINTS = 1000;

    private final Kpis kpis;
    private final ProjectionProgress progress;
    // Only for a read model without any event yet: its periods end today.
    private final Clock clock = Clock.systemUTC();

    TrendController(Kpis kpis, ProjectionProgress progress) {
        this.kpis = kpis;
        this.progress = progress;
    }

    @GetMapping
    Trend trend(@RequestParam(required = false) String metric,
                @RequestParam(defaultValue = "day") String interval,
                @RequestParam(required = false) String from,
                @RequestParam(required = false) String to,
                @RequestParam(required = false) String team) {
        TrendMetric followed = Parameters.required(TrendMetric.class, "metric", metric);
        Interval bucketing = Parameters.required(Interval.class, "interval", interval);
        String teamFilter = Parameters.team(team);
        Freshness freshness = progress.freshness();
        Period period = Period.of(from, to, kpis.newestDay().orElseGet(() -> LocalDate.now(clock)));
        List<Interval.Bucket> buckets = bucketing.buckets(period);
        if (buckets.size() > MAX_POINTS) {
            throw new BadParameter("interval", "Parameter 'interval' " + Parameters.wireName(bucketing) + " makes "
                    + buckets.size() + " points from " + period.from() + " to " + period.to() + ", more than "
                    + MAX_POINTS + "; choose a longer interval or a shorter period");
        }

        List<Trend.Point> points = switch (followed) {
            case CREATED -> sums(buckets, kpis.daily("sum(created)", period, teamFilter));
            case CLOSED -> sums(buckets, kpis.daily("sum(closed)", period, teamFilter));
            case BACKLOG -> atBucketEnds(buckets, kpis.backlogPerDay(period, teamFilter));
            case MTTR -> meanHours(buckets, kpis.resolvedPerDay(period, teamFilter));
        };
        return new Trend(Parameters.wireName(followed), Parameters.wireName(bucketing), period.from(), period.to(),
                teamFilter, followed.unit(), points, freshness);
    }

    private static List<Trend.Point> sums(List<Interval.Bucket> buckets, Map<LocalDate, Long> perDay) {
        List<Trend.Point> points = new ArrayList<>();
        for (Interval.Bucket bucket : buckets) {
            long sum = 0;
            for (LocalDate day = bucket.start(); !day.isAfter(bucket.end()); day = day.plusDays(1)) {
                sum += perDay.getOrDefault(day, 0L);
            }
            points.add(new Trend.Point(bucket.start(), bucket.end(), sum));
        }
        return points;
    }

    private static List<Trend.Point> atBucketEnds(List<Interval.Bucket> buckets, Map<LocalDate, Long> perDay) {
        return buckets.stream()
                .map(bucket -> new Trend.Point(bucket.start(), bucket.end(), perDay.get(bucket.end())))
                .toList();
    }

    /** Σ seconds / Σ issues per bucket, so a bucket's mean weighs every issue alike whatever its day. */
    private static List<Trend.Point> meanHours(List<Interval.Bucket> buckets, Map<LocalDate, Kpis.Resolved> perDay) {
        List<Trend.Point> points = new ArrayList<>();
        for (Interval.Bucket bucket : buckets) {
            long issues = 0;
            double seconds = 0;
            for (LocalDate day = bucket.start(); !day.isAfter(bucket.end()); day = day.plusDays(1)) {
                Kpis.Resolved resolved = perDay.get(day);
                if (resolved != null) {
                    issues += resolved.issues();
                    seconds += resolved.seconds();
                }
            }
            Double hours = issues == 0 ? null : Math.round(seconds / issues / 36.0) / 100.0;
            points.add(new Trend.Point(bucket.start(), bucket.end(), hours));
        }
        return points;
    }
}
