package org.issueledger.events.sla;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.THURSDAY;
import static java.time.DayOfWeek.TUESDAY;
import static java.time.DayOfWeek.WEDNESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import org.issueledger.events.sla.BusinessCalendar.WorkingHours;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BusinessCalendarTest {

    private static final String BERLIN = "Europe/Berlin";
    private static final String NEW_YORK = "America/New_York";
    private static final String SHANGHAI = "Asia/Shanghai";

    private static final BusinessCalendar BERLIN_OFFICE = BusinessCalendar.officeHours("EU office", BERLIN,
            LocalTime.of(9, 0), LocalTime.of(17, 0), List.of(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-25")));

    // ---- weekends, holidays, closed hours

    @Test
    void weekendsAreSkipped() {
        assertThat(BERLIN_OFFICE.businessTimeBetween(berlin("2026-03-02T09:00"), berlin("2026-03-09T09:00")))
                .isEqualTo(Duration.ofHours(40));
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-06T16:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-03-09T10:00"));
    }

    @Test
    void holidaysAreSkipped() {
        // Thursday 24 and Friday 25 December are holidays, then the weekend
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-12-23T16:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-12-28T10:00"));
        assertThat(BERLIN_OFFICE.businessTimeBetween(berlin("2026-12-23T00:00"), berlin("2026-12-29T00:00")))
                .isEqualTo(Duration.ofHours(16));
    }

    @Test
    void clockStartedOutsideWorkingHoursWaitsForTheNextWorkingPeriod() {
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-06T18:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-03-09T11:00"));
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-03T07:00"), Duration.ofHours(1)))
                .isEqualTo(berlin("2026-03-03T10:00"));
    }

    @Test
    void zeroAmountIsTheStartingInstantEvenWhileTheDeskIsClosed() {
        Instant saturday = berlin("2026-03-07T12:34:56.789");
        assertThat(BERLIN_OFFICE.plusBusinessTime(saturday, Duration.ZERO)).isEqualTo(saturday);
    }

    @Test
    void spanAcrossANightCountsOnlyTheWorkingParts() {
        assertThat(BERLIN_OFFICE.businessTimeBetween(berlin("2026-03-03T15:00"), berlin("2026-03-04T11:00")))
                .isEqualTo(Duration.ofHours(4));
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-03T15:00"), Duration.ofHours(4)))
                .isEqualTo(berlin("2026-03-04T11:00"));
    }

    @Test
    void amountUsedUpExactlyAtClosingTimeEndsAtClosingTimeNotNextMorning() {
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-02T09:00"), Duration.ofHours(8)))
                .isEqualTo(berlin("2026-03-02T17:00"));
        assertThat(BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-02T17:00"), Duration.ofNanos(1)))
                .isEqualTo(berlin("2026-03-03T09:00:00.000000001"));
    }

    @Test
    void spansAreHalfOpenAndEmptyOrReversedSpansHaveNoBusinessTime() {
        assertThat(BERLIN_OFFICE.businessTimeBetween(berlin("2026-03-02T17:00"), berlin("2026-03-03T09:00")))
                .isZero();
        assertThat(BERLIN_OFFICE.businessTimeBetween(berlin("2026-03-02T10:00"), berlin("2026-03-02T10:00")))
                .isZero();
        assertThat(BERLIN_OFFICE.businessTimeBetween(berlin("2026-03-02T12:00"), berlin("2026-03-02T10:00")))
                .isZero();
    }

    // ---- time zones and DST

    @Test
    void sameInstantsGiveDifferentBusinessTimeInDifferentZones() {
        BusinessCalendar shanghai = BusinessCalendar.officeHours("CN", SHANGHAI, LocalTime.of(9, 0), LocalTime.of(17, 0), null);
        BusinessCalendar newYork = BusinessCalendar.officeHours("US", NEW_YORK, LocalTime.of(9, 0), LocalTime.of(17, 0), null);
        // Tuesday 09:00–21:00 in Shanghai is Monday 21:00 to Tuesday 09:00 in New York (already on daylight time)
        Instant from = Instant.parse("2026-03-10T01:00:00Z");
        Instant to = Instant.parse("2026-03-10T13:00:00Z");

        assertThat(shanghai.businessTimeBetween(from, to)).isEqualTo(Duration.ofHours(8));
        assertThat(newYork.businessTimeBetween(from, to)).isZero();
        assertThat(shanghai.plusBusinessTime(from, Duration.ofHours(1))).isEqualTo(Instant.parse("2026-03-10T02:00:00Z"));
        assertThat(newYork.plusBusinessTime(from, Duration.ofHours(1))).isEqualTo(Instant.parse("2026-03-10T14:00:00Z"));
    }

    @Test
    void officeHoursFollowTheLocalClockAcrossAWeekendWithADstChange() {
        Instant fridayAfternoon = berlin("2026-03-27T16:00");   // CET, 15:00Z
        Instant due = BERLIN_OFFICE.plusBusinessTime(fridayAfternoon, Duration.ofHours(2));

        assertThat(due).isEqualTo(Instant.parse("2026-03-30T08:00:00Z"));   // Monday 10:00 CEST
        assertThat(BERLIN_OFFICE.businessTimeBetween(fridayAfternoon, due)).isEqualTo(Duration.ofHours(2));
    }

    /** A Sunday calendar with one period, measured over the whole local day of a DST change. */
    @ParameterizedTest(name = "{0} {1} {2}–{3} is {4} min")
    @CsvSource({
            // office hours stay office hours
            "Europe/Berlin,    2026-03-29, 09:00, 17:00,  480",
            "Europe/Berlin,    2026-10-25, 09:00, 17:00,  480",
            "America/New_York, 2026-03-08, 09:00, 17:00,  480",
            "America/New_York, 2026-11-01, 09:00, 17:00,  480",
            // whole days have the real length of the day
            "Europe/Berlin,    2026-03-29, 00:00, 00:00, 1380",
            "Europe/Berlin,    2026-10-25, 00:00, 00:00, 1500",
            "America/New_York, 2026-03-08, 00:00, 00:00, 1380",
            "America/New_York, 2026-11-01, 00:00, 00:00, 1500",
            // periods spanning the change lose or gain the hour
            "Europe/Berlin,    2026-03-29, 01:00, 05:00,  180",
            "Europe/Berlin,    2026-10-25, 01:00, 05:00,  300",
            "America/New_York, 2026-03-08, 00:00, 06:00,  300",
            "America/New_York, 2026-11-01, 00:00, 06:00,  420",
            // a start inside the gap moves forward by the gap (02:30 -> 03:30); one inside the overlap takes the earlier offset
            "Europe/Berlin,    2026-03-29, 02:30, 04:00,   30",
            "Europe/Berlin,    2026-10-25, 02:30, 03:00,   90",
    })
    void dstChangeDaysCountWallClockWorkingHours(String zone, LocalDate sunday, LocalTime start, LocalTime end,
                                                 long expectedMinutes) {
        BusinessCalendar calendar = new BusinessCalendar("Sundays", zone, Map.of(SUNDAY, List.of(new WorkingHours(start, end))), null);
        Instant dayStart = sunday.atStartOfDay(ZoneId.of(zone)).toInstant();
        Instant dayEnd = sunday.plusDays(1).atStartOfDay(ZoneId.of(zone)).toInstant();

        assertThat(calendar.businessTimeBetween(dayStart, dayEnd)).isEqualTo(Duration.ofMinutes(expectedMinutes));
        assertThat(calendar.businessTimeBetween(dayStart, calendar.plusBusinessTime(dayStart, Duration.ofMinutes(expectedMinutes))))
                .isEqualTo(Duration.ofMinutes(expectedMinutes));
    }

    @Test
    void workingHoursStartingInsideTheDstGapBeginWhenTheClockHasJumped() {
        BusinessCalendar calendar = new BusinessCalendar("gap", BERLIN,
                Map.of(SUNDAY, List.of(new WorkingHours(LocalTime.of(2, 30), LocalTime.of(4, 0)))), null);

        assertThat(calendar.plusBusinessTime(berlin("2026-03-29T00:00"), Duration.ofMinutes(10)))
                .isEqualTo(berlin("2026-03-29T03:40"));
    }

    @Test
    void periodsThatMeetAfterTheDstJumpAreNotCountedTwice() {
        // 02:00–02:30 does not exist that night and lands on 03:00–03:30, which 03:00–04:00 already covers
        BusinessCalendar calendar = new BusinessCalendar("gap", BERLIN, Map.of(SUNDAY, List.of(
                new WorkingHours(LocalTime.of(2, 0), LocalTime.of(2, 30)),
                new WorkingHours(LocalTime.of(3, 0), LocalTime.of(4, 0)))), null);

        assertThat(calendar.businessTimeBetween(berlin("2026-03-29T00:00"), berlin("2026-03-30T00:00")))
                .isEqualTo(Duration.ofHours(1));
        assertThat(calendar.plusBusinessTime(berlin("2026-03-29T00:00"), Duration.ofHours(1)))
                .isEqualTo(berlin("2026-03-29T04:00"));
        assertThat(calendar.businessTimeBetween(berlin("2026-03-22T00:00"), berlin("2026-03-23T00:00")))
                .isEqualTo(Duration.ofMinutes(90));
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "Europe/Berlin,    2026-03-29, 23",
            "Europe/Berlin,    2026-10-25, 25",
            "America/New_York, 2026-03-08, 23",
            "America/New_York, 2026-11-01, 25",
    })
    void roundTheClockCalendarsMeasureElapsedTimeWhetherOnTheFastPathOrNot(String zone, LocalDate day, long expectedHours) {
        BusinessCalendar alwaysOpen = roundTheClock(zone);
        BusinessCalendar withOldHoliday = new BusinessCalendar("with holiday", zone, alwaysOpen.week(),
                new TreeSet<>(Set.of(LocalDate.parse("1999-01-01"))));
        Instant dayStart = day.atStartOfDay(ZoneId.of(zone)).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(ZoneId.of(zone)).toInstant();

        assertThat(alwaysOpen.alwaysOpen()).isTrue();
        assertThat(withOldHoliday.alwaysOpen()).isFalse();
        for (BusinessCalendar calendar : List.of(alwaysOpen, withOldHoliday)) {
            assertThat(calendar.businessTimeBetween(dayStart, dayEnd)).isEqualTo(Duration.ofHours(expectedHours));
            assertThat(calendar.plusBusinessTime(dayStart, Duration.ofHours(expectedHours))).isEqualTo(dayEnd);
        }
    }

    // ---- midnight

    @Test
    void periodEndingAtMidnightRunsToTheEndOfItsDay() {
        BusinessCalendar evenings = new BusinessCalendar("evenings", BERLIN,
                weekdays(new WorkingHours(LocalTime.of(18, 0), LocalTime.MIDNIGHT)), null);

        assertThat(evenings.plusBusinessTime(berlin("2026-03-02T23:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-03-03T19:00"));
        assertThat(evenings.businessTimeBetween(berlin("2026-03-02T00:00"), berlin("2026-03-03T00:00")))
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void nightShiftContinuesSeamlesslyAcrossMidnight() {
        BusinessCalendar nights = new BusinessCalendar("nights", BERLIN, weekdays(
                new WorkingHours(LocalTime.MIDNIGHT, LocalTime.of(6, 0)),
                new WorkingHours(LocalTime.of(18, 0), LocalTime.MIDNIGHT)), null);

        assertThat(nights.plusBusinessTime(berlin("2026-03-02T23:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-03-03T01:00"));
        assertThat(nights.plusBusinessTime(berlin("2026-03-06T23:00"), Duration.ofHours(2)))
                .isEqualTo(berlin("2026-03-09T01:00"));
        assertThat(nights.businessTimeBetween(berlin("2026-03-02T00:00"), berlin("2026-03-03T00:00")))
                .isEqualTo(Duration.ofHours(12));
    }

    // ---- 24/7

    @Test
    void twentyFourSevenIsPlainDurationArithmetic() {
        BusinessCalendar always = BusinessCalendar.twentyFourSeven();
        Random random = new Random(24_7);

        assertThat(always.name()).isEqualTo("24/7");
        assertThat(always.zone()).isEqualTo("UTC");
        assertThat(always.alwaysOpen()).isTrue();
        for (int i = 0; i < 1_000; i++) {
            Instant from = randomInstant(random);
            Instant to = randomInstant(random);
            Duration amount = randomAmount(random);
            assertThat(always.businessTimeBetween(from, to))
                    .isEqualTo(to.isAfter(from) ? Duration.between(from, to) : Duration.ZERO);
            assertThat(always.plusBusinessTime(from, amount)).isEqualTo(from.plus(amount));
        }
    }

    @Test
    void onlyWholeDaysEveryDayWithoutHolidaysAreAlwaysOpen() {
        assertThat(BERLIN_OFFICE.alwaysOpen()).isFalse();
        assertThat(roundTheClock(BERLIN).alwaysOpen()).isTrue();
        assertThat(new BusinessCalendar("holiday", "UTC", BusinessCalendar.twentyFourSeven().week(),
                new TreeSet<>(Set.of(LocalDate.parse("2026-12-25")))).alwaysOpen()).isFalse();
        Map<DayOfWeek, List<WorkingHours>> sixDays = new EnumMap<>(roundTheClock(BERLIN).week());
        sixDays.remove(SUNDAY);
        assertThat(new BusinessCalendar("six days", BERLIN, sixDays, null).alwaysOpen()).isFalse();
    }

    // ---- validation and value semantics

    @Test
    void unknownZoneIsRejected() {
        assertThatThrownBy(() -> BusinessCalendar.officeHours("Mars", "Mars/Olympus_Mons", LocalTime.of(9, 0), LocalTime.of(17, 0), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Mars/Olympus_Mons");
    }

    @Test
    void weekWithoutWorkingTimeIsRejected() {
        assertThatThrownBy(() -> new BusinessCalendar("closed", BERLIN, Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one working period");
        assertThatThrownBy(() -> new BusinessCalendar("closed", BERLIN, Map.of(MONDAY, List.of()), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BusinessCalendar("closed", BERLIN, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlappingPeriodsWithinADayAreRejected() {
        assertThatThrownBy(() -> new BusinessCalendar("overlap", BERLIN, Map.of(MONDAY, List.of(
                new WorkingHours(LocalTime.of(13, 0), LocalTime.of(17, 0)),
                new WorkingHours(LocalTime.of(9, 0), LocalTime.of(13, 30)))), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlapping");
        assertThatThrownBy(() -> new BusinessCalendar("overlap", BERLIN, Map.of(MONDAY, List.of(
                WorkingHours.wholeDay(),
                new WorkingHours(LocalTime.of(9, 0), LocalTime.of(10, 0)))), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void adjacentPeriodsAreNotAnOverlap() {
        BusinessCalendar split = new BusinessCalendar("split", BERLIN, Map.of(MONDAY, List.of(
                new WorkingHours(LocalTime.of(12, 0), LocalTime.MIDNIGHT),
                new WorkingHours(LocalTime.of(9, 0), LocalTime.of(12, 0)))), null);

        assertThat(split.businessTimeBetween(berlin("2026-03-02T00:00"), berlin("2026-03-03T00:00")))
                .isEqualTo(Duration.ofHours(15));
    }

    @Test
    void workingHoursMustStartBeforeTheyEndUnlessTheyEndAtMidnight() {
        assertThatThrownBy(() -> new WorkingHours(LocalTime.of(17, 0), LocalTime.of(9, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WorkingHours(LocalTime.of(9, 0), LocalTime.of(9, 0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new WorkingHours(LocalTime.of(9, 0), LocalTime.MIDNIGHT).end()).isEqualTo(LocalTime.MIDNIGHT);
    }

    @Test
    void negativeAmountIsRejected() {
        assertThatThrownBy(() -> BERLIN_OFFICE.plusBusinessTime(berlin("2026-03-02T10:00"), Duration.ofMinutes(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void givesUpWhenHolidaysLeaveNoWorkingTimeForACentury() {
        TreeSet<LocalDate> everyMonday = new TreeSet<>();
        for (LocalDate monday = LocalDate.parse("2026-03-02"); monday.isBefore(LocalDate.parse("2130-01-01")); monday = monday.plusWeeks(1)) {
            everyMonday.add(monday);
        }
        BusinessCalendar mondaysOff = new BusinessCalendar("Mondays only", BERLIN,
                Map.of(MONDAY, List.of(new WorkingHours(LocalTime.of(9, 0), LocalTime.of(17, 0)))), everyMonday);

        assertThatThrownBy(() -> mondaysOff.plusBusinessTime(berlin("2026-03-01T12:00"), Duration.ofHours(1)))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> BERLIN_OFFICE.businessTimeBetween(berlin("2026-01-01T00:00"), berlin("2127-01-01T00:00")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void calendarKeepsItsOwnUnmodifiableCopiesOfTheCollections() {
        List<WorkingHours> monday = new ArrayList<>(List.of(new WorkingHours(LocalTime.of(9, 0), LocalTime.of(17, 0))));
        Map<DayOfWeek, List<WorkingHours>> week = new HashMap<>(Map.of(MONDAY, monday));
        TreeSet<LocalDate> holidays = new TreeSet<>(Comparator.reverseOrder());
        holidays.addAll(List.of(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-25")));
        BusinessCalendar calendar = new BusinessCalendar("copy", BERLIN, week, holidays);

        monday.add(new WorkingHours(LocalTime.of(18, 0), LocalTime.of(19, 0)));
        week.put(TUESDAY, monday);
        holidays.add(LocalDate.parse("2026-03-02"));

        assertThat(calendar.week()).containsOnlyKeys(MONDAY);
        assertThat(calendar.week().get(MONDAY)).hasSize(1);
        assertThat(calendar.holidays()).containsExactly(LocalDate.parse("2026-01-01"), LocalDate.parse("2026-12-25"));
        assertThatThrownBy(() -> calendar.week().put(TUESDAY, List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> calendar.week().get(MONDAY).clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> calendar.holidays().add(LocalDate.parse("2026-05-01"))).isInstanceOf(UnsupportedOperationException.class);
    }

    /** What a JSON mapper does: read the components back into the canonical constructor as plain collections. */
    @Test
    void calendarRebuiltFromItsComponentsEqualsTheOriginal() {
        BusinessCalendar unsorted = new BusinessCalendar("split", SHANGHAI, Map.of(
                SATURDAY, List.of(new WorkingHours(LocalTime.of(9, 0), LocalTime.of(12, 0))),
                MONDAY, List.of(new WorkingHours(LocalTime.of(13, 0), LocalTime.of(18, 0)),
                        new WorkingHours(LocalTime.of(9, 0), LocalTime.of(12, 0))),
                SUNDAY, List.of()), new TreeSet<>(Set.of(LocalDate.parse("2026-10-01"))));

        BusinessCalendar rebuilt = new BusinessCalendar(unsorted.name(), unsorted.zone(),
                new LinkedHashMap<>(unsorted.week()), new TreeSet<>(unsorted.holidays()));

        assertThat(rebuilt).isEqualTo(unsorted).hasSameHashCodeAs(unsorted);
        assertThat(rebuilt.week().get(MONDAY)).extracting(WorkingHours::start)
                .containsExactly(LocalTime.of(9, 0), LocalTime.of(13, 0));
        assertThat(rebuilt.week()).doesNotContainKey(SUNDAY);
    }

    // ---- properties

    @Test
    void addingBusinessTimeAndMeasuringItAgreeOnRandomInputs() {
        List<BusinessCalendar> calendars = List.of(
                BERLIN_OFFICE,
                new BusinessCalendar("NY nights and Sundays", NEW_YORK, Map.of(
                        MONDAY, List.of(new WorkingHours(LocalTime.MIDNIGHT, LocalTime.of(6, 0)),
                                new WorkingHours(LocalTime.of(22, 0), LocalTime.MIDNIGHT)),
                        WEDNESDAY, List.of(new WorkingHours(LocalTime.of(8, 0), LocalTime.of(8, 30))),
                        SUNDAY, List.of(new WorkingHours(LocalTime.of(0, 30), LocalTime.of(3, 30)))),
                        new TreeSet<>(Set.of(LocalDate.parse("2026-07-06"), LocalDate.parse("2026-11-02")))),
                new BusinessCalendar("Berlin gap-prone", BERLIN, Map.of(
                        SUNDAY, List.of(new WorkingHours(LocalTime.of(1, 0), LocalTime.of(2, 30)),
                                new WorkingHours(LocalTime.of(3, 0), LocalTime.of(3, 45))),
                        THURSDAY, List.of(WorkingHours.wholeDay())), null),
                new BusinessCalendar("Shanghai split", SHANGHAI, weekdays(
                        new WorkingHours(LocalTime.of(9, 0), LocalTime.of(12, 0)),
                        new WorkingHours(LocalTime.of(13, 0), LocalTime.of(18, 0))), null));
        Random random = new Random(20260329);

        for (BusinessCalendar calendar : calendars) {
            for (int i = 0; i < 1_500; i++) {
                Instant from = randomInstant(random);
                Duration amount = randomAmount(random);
                Duration more = amount.plus(randomAmount(random));

                Instant due = calendar.plusBusinessTime(from, amount);
                Instant later = calendar.plusBusinessTime(from, more);
                String situation = calendar.name() + " from " + from + " + " + amount + " / " + more;

                assertThat(due).as(situation).isAfterOrEqualTo(from);
                assertThat(calendar.businessTimeBetween(from, due)).as(situation).isEqualTo(amount);
                assertThat(later).as(situation).isAfterOrEqualTo(due);
                assertThat(calendar.businessTimeBetween(from, later)).as(situation)
                        .isEqualTo(calendar.businessTimeBetween(from, due).plus(calendar.businessTimeBetween(due, later)));
            }
        }
    }

    /** Not a benchmark: a guard against an accidentally minute-by-minute or quadratic walk. */
    @Test
    void yearLongSpansAreCheapEnoughForAnalytics() {
        Instant from = berlin("2026-01-01T00:00");
        Instant to = berlin("2027-01-01T00:00");
        for (int i = 0; i < 200; i++) {
            BERLIN_OFFICE.businessTimeBetween(from, to);
        }

        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            assertThat(BERLIN_OFFICE.businessTimeBetween(from, to)).isEqualTo(Duration.ofHours(8 * (261 - 2)));
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    // ---- helpers

    private static Instant berlin(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), ZoneId.of(BERLIN)).toInstant();
    }

    private static BusinessCalendar roundTheClock(String zone) {
        Map<DayOfWeek, List<WorkingHours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            week.put(day, List.of(WorkingHours.wholeDay()));
        }
        return new BusinessCalendar("round the clock", zone, week, null);
    }

    private static Map<DayOfWeek, List<WorkingHours>> weekdays(WorkingHours... periods) {
        Map<DayOfWeek, List<WorkingHours>> week = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY)) {
            week.put(day, List.of(periods));
        }
        return week;
    }

    /** Somewhere in 2026, so both DST changes of every zone are in range, at nanosecond precision. */
    private static Instant randomInstant(Random random) {
        long start = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond();
        long end = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond();
        return Instant.ofEpochSecond(start + (long) (random.nextDouble() * (end - start)), random.nextInt(1_000_000_000));
    }

    /** Mostly odd amounts up to ten days, some zero and some whole hours, where the boundary cases live. */
    private static Duration randomAmount(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> Duration.ZERO;
            case 1, 2 -> Duration.ofHours(random.nextInt(240));
            default -> Duration.ofSeconds(random.nextInt(240 * 3600), random.nextInt(1_000_000_000));
        };
    }
}
