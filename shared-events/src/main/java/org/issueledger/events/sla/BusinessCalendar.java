package org.issueledger.events.sla;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Working time of a service desk: a time zone, weekly working hours, holidays.
 *
 * <p>Working hours are wall-clock times of the calendar's zone. Each period of each local date becomes an interval of
 * instants through {@link ZonedDateTime#of(LocalDate, LocalTime, ZoneId)}: a time inside a DST gap moves forward by
 * the gap length, a time inside an overlap takes the earlier offset. So 09:00–17:00 stays 8 h on DST-change days, while
 * a whole day is 23 h or 25 h there. Holidays are whole local dates without working time.
 *
 * <p>{@code zone} is a plain string (validated here) and every component is a JDK type, so Jackson 2 and 3 read and
 * write the record without extra modules beyond ISO dates/times; the canonical constructor accepts what Jackson passes
 * and normalises it, so a deserialised calendar equals the one that was serialised.
 *
 * @param name     label shown to people, e.g. "EU office hours"
 * @param zone     a {@link ZoneId} id, e.g. "Europe/Berlin"
 * @param week     working periods per day of week; a missing day has no working time
 * @param holidays local dates (in {@code zone}) without working time; {@code null} means none
 */
public record BusinessCalendar(String name, String zone, Map<DayOfWeek, List<WorkingHours>> week,
                               SortedSet<LocalDate> holidays) {

    /**
     * One working period within a day, {@code end} exclusive. {@code end == 00:00} means "until midnight", so a period
     * never crosses into the next date and {@code 00:00–00:00} is the whole day.
     */
    public record WorkingHours(LocalTime start, LocalTime end) {

        public WorkingHours {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(end, "end");
            if (!end.equals(LocalTime.MIDNIGHT) && !start.isBefore(end)) {
                throw new IllegalArgumentException("working hours must start before they end: " + start + "–" + end);
            }
        }

        public static WorkingHours wholeDay() {
            return new WorkingHours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
        }

        boolean isWholeDay() {
            return start.equals(LocalTime.MIDNIGHT) && end.equals(LocalTime.MIDNIGHT);
        }

        private long startNanoOfDay() {
            return start.toNanoOfDay();
        }

        private long endNanoOfDay() {
            return end.equals(LocalTime.MIDNIGHT) ? NANOS_PER_DAY : end.toNanoOfDay();
        }

        private static final long NANOS_PER_DAY = Duration.ofDays(1).toNanos();
    }

    /**
     * Bounds the day-by-day walk: a calendar whose holidays swallow all working time, or an absurd amount, would
     * otherwise loop for as long as {@link LocalDate} lasts.
     */
    private static final int MAX_YEARS = 100;

    public BusinessCalendar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(zone, "zone");
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + zone + "'", e);
        }
        week = normalisedWeek(week);
        if (week.isEmpty()) {
            // plusBusinessTime would search forever for working time that never comes
            throw new IllegalArgumentException("calendar '" + name + "' needs at least one working period in the week");
        }
        // A plain TreeSet copy, not new TreeSet<>(sortedSet): that would keep a caller's comparator, and the day walk
        // relies on nothing but natural date order.
        TreeSet<LocalDate> holidayCopy = new TreeSet<>();
        if (holidays != null) {
            for (LocalDate holiday : holidays) {
                holidayCopy.add(Objects.requireNonNull(holiday, "holiday"));
            }
        }
        holidays = Collections.unmodifiableSortedSet(holidayCopy);
    }

    /** Sorted per day, empty days dropped, so equal working time means equal records (also after a JSON round trip). */
    private static Map<DayOfWeek, List<WorkingHours>> normalisedWeek(Map<DayOfWeek, List<WorkingHours>> week) {
        EnumMap<DayOfWeek, List<WorkingHours>> copy = new EnumMap<>(DayOfWeek.class);
        if (week != null) {
            week.forEach((day, periods) -> {
                Objects.requireNonNull(day, "day of week");
                List<WorkingHours> sorted = new ArrayList<>(Objects.requireNonNull(periods, "working hours of " + day));
                sorted.forEach(period -> Objects.requireNonNull(period, "working hours of " + day));
                sorted.sort(Comparator.comparing(WorkingHours::start));
                for (int i = 1; i < sorted.size(); i++) {
                    WorkingHours previous = sorted.get(i - 1);
                    WorkingHours next = sorted.get(i);
                    if (previous.endNanoOfDay() > next.startNanoOfDay()) {
                        throw new IllegalArgumentException(
                                "overlapping working hours on " + day + ": " + previous + " and " + next);
                    }
                }
                if (!sorted.isEmpty()) {
                    copy.put(day, List.copyOf(sorted));
                }
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    /** Round the clock in UTC, no holidays: business time is plain elapsed time. */
    public static BusinessCalendar twentyFourSeven() {
        Map<DayOfWeek, List<WorkingHours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, List.of(WorkingHours.wholeDay()));
        }
        return new BusinessCalendar("24/7", "UTC", week, null);
    }

    /** Monday to Friday, one period a day. */
    public static BusinessCalendar officeHours(String name, String zone, LocalTime start, LocalTime end,
                                               Collection<LocalDate> holidays) {
        Map<DayOfWeek, List<WorkingHours>> week = new EnumMap<>(DayOfWeek.class);
        WorkingHours hours = new WorkingHours(start, end);
        for (DayOfWeek day : EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)) {
            week.put(day, List.of(hours));
        }
        return new BusinessCalendar(name, zone, week, holidays == null ? null : new TreeSet<>(holidays));
    }

    /**
     * Every day is a whole working day and there are no holidays. Whole days tile the time line in any zone (each day
     * ends at the instant the next one starts, DST or not), so business time is then elapsed time.
     */
    public boolean alwaysOpen() {
        if (!holidays.isEmpty() || week.size() < DayOfWeek.values().length) {
            return false;
        }
        for (List<WorkingHours> periods : week.values()) {
            if (periods.size() != 1 || !periods.get(0).isWholeDay()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Working time inside {@code [from, to)}; {@link Duration#ZERO} if {@code to} is not after {@code from}.
     *
     * @throws IllegalArgumentException if the span covers more than 100 years (unless {@link #alwaysOpen()})
     */
    public Duration businessTimeBetween(Instant from, Instant to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            return Duration.ZERO;
        }
        if (alwaysOpen()) {
            return Duration.between(from, to);
        }
        ZoneId zoneId = ZoneId.of(zone);
        LocalDate fromDate = LocalDate.ofInstant(from, zoneId);
        LocalDate toDate = LocalDate.ofInstant(to, zoneId);
        if (toDate.isAfter(fromDate.plusYears(MAX_YEARS))) {
            throw new IllegalArgumentException("span longer than " + MAX_YEARS + " years: " + from + " to " + to);
        }
        // One day of slack on both sides: with DST shifts a period of the neighbouring date can reach across midnight.
        WorkingIntervals intervals = new WorkingIntervals(this, zoneId, fromDate.minusDays(1), toDate.plusDays(1));
        Duration total = Duration.ZERO;
        while (intervals.next() && intervals.start.isBefore(to)) {
            if (intervals.end.isAfter(from)) {
                Instant start = intervals.start.isAfter(from) ? intervals.start : from;
                Instant end = intervals.end.isBefore(to) ? intervals.end : to;
                total = total.plus(Duration.between(start, end));
            }
        }
        return total;
    }

    /**
     * The earliest instant at which {@code amount} of working time has elapsed since {@code from}. The clock waits
     * while the desk is closed, so a {@code from} outside working hours counts from the next period's start; an amount
     * used up exactly at a period's end gives that end, not the next period's start. {@code ZERO} gives {@code from}
     * itself, open or not. Always {@code businessTimeBetween(from, plusBusinessTime(from, amount)).equals(amount)}.
     *
     * @throws IllegalArgumentException if {@code amount} is negative
     * @throws IllegalStateException    if the amount is not used up within 100 years (holidays ate the working time)
     */
    public Instant plusBusinessTime(Instant from, Duration amount) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(amount, "amount");
        if (amount.isNegative()) {
            throw new IllegalArgumentException("business time to add must not be negative: " + amount);
        }
        if (amount.isZero()) {
            return from;
        }
        if (alwaysOpen()) {
            return from.plus(amount);
        }
        ZoneId zoneId = ZoneId.of(zone);
        LocalDate fromDate = LocalDate.ofInstant(from, zoneId);
        WorkingIntervals intervals =
                new WorkingIntervals(this, zoneId, fromDate.minusDays(1), fromDate.plusYears(MAX_YEARS));
        Duration remaining = amount;
        while (intervals.next()) {
            if (!intervals.end.isAfter(from)) {
                continue;
            }
            Instant start = intervals.start.isAfter(from) ? intervals.start : from;
            Duration available = Duration.between(start, intervals.end);
            if (available.compareTo(remaining) >= 0) {
                return start.plus(remaining);
            }
            remaining = remaining.minus(available);
        }
        throw new IllegalStateException("calendar '" + name + "' has not accumulated " + amount + " of working time within "
                + MAX_YEARS + " years after " + from);
    }

    private List<WorkingHours> periodsOn(LocalDate date) {
        return holidays.contains(date) ? List.of() : week.getOrDefault(date.getDayOfWeek(), List.of());
    }

    /**
     * Walks the working intervals from {@code firstDate} to {@code lastDate} as instants, ascending and disjoint.
     * Local-to-instant conversion is not monotonic around a DST gap (02:30 in the gap becomes 03:30, later than a
     * genuine 03:00), so each interval is clipped to start no earlier than the previous one ended: no instant is ever
     * counted twice, and both public operations see exactly the same intervals.
     */
    private static final class WorkingIntervals {
        private final BusinessCalendar calendar;
        private final ZoneId zone;
        private final LocalDate lastDate;
        private LocalDate date;
        private List<WorkingHours> periods;
        private int index;
        private Instant previousEnd = Instant.MIN;
        Instant start;
        Instant end;

        WorkingIntervals(BusinessCalendar calendar, ZoneId zone, LocalDate firstDate, LocalDate lastDate) {
            this.calendar = calendar;
            this.zone = zone;
            this.lastDate = lastDate;
            this.date = firstDate;
            this.periods = calendar.periodsOn(firstDate);
        }

        /** Moves to the next interval; false once {@code lastDate} is exhausted. */
        boolean next() {
            while (true) {
                while (index < periods.size()) {
                    WorkingHours period = periods.get(index++);
                    Instant periodStart = ZonedDateTime.of(date, period.start(), zone).toInstant();
                    Instant periodEnd = period.end().equals(LocalTime.MIDNIGHT)
                            ? ZonedDateTime.of(date.plusDays(1), LocalTime.MIDNIGHT, zone).toInstant()
                            : ZonedDateTime.of(date, period.end(), zone).toInstant();
                    if (periodStart.isBefore(previousEnd)) {
                        periodStart = previousEnd;
                    }
                    if (periodEnd.isAfter(periodStart)) {
                        start = periodStart;
                        end = periodEnd;
                        previousEnd = periodEnd;
                        return true;
                    }
                }
                if (!date.isBefore(lastDate)) {
                    return false;
                }
                date = date.plusDays(1);
                periods = calendar.periodsOn(date);
                index = 0;
            }
        }
    }
}
