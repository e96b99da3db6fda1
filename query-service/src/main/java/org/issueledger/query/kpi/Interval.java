package org.issueledger.query.kpi;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/** Calendar buckets of UTC days; weeks start on Monday (ISO 8601). */
enum Interval {
    DAY, WEEK, MONTH;

    LocalDate floor(LocalDate day) {
        return switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
        };
    }

    LocalDate next(LocalDate bucketStart) {
        return switch (this) {
            case DAY -> bucketStart.plusDays(1);
            case WEEK -> bucketStart.plusWeeks(1);
            case MONTH -> bucketStart.plusMonths(1);
        };
    }

    /** The buckets covering the period, the first and last cut to it. */
    List<Bucket> buckets(Period period) {
        List<Bucket> buckets = new ArrayList<>();
        for (LocalDate start = floor(period.from()); !start.isAfter(period.to()); start = next(start)) {
            LocalDate end = next(start).minusDays(1);
            buckets.add(new Bucket(start, max(start, period.from()), min(end, period.to())));
        }
        return buckets;
    }

    /**
     * @param key   the bucket's calendar start (a Monday, the 1st), how SQL's date_trunc names it
     * @param start the first day inside the period
     * @param end   the last day inside the period
     */
    record Bucket(LocalDate key, LocalDate start, LocalDate end) {
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
