package org.issueledger.command.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

class HolidaysTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    static final String FEED = String.join("\r\n",
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//test//holidays//EN",
            "BEGIN:VEVENT",
            "UID:unity@test",
            "DTSTAMP:20260101T000000Z",
            "DTSTART;VALUE=DATE:20261003",
            "SUMMARY:Tag der Deutschen Einheit",
            "END:VEVENT",
            "BEGIN:VEVENT",
            "UID:christmas@test",
            "DTSTAMP:20260101T000000Z",
            "DTSTART;VALUE=DATE:20261224",
            "DTEND;VALUE=DATE:20261227",
            "RRULE:FREQ=YEARLY",
            "SUMMARY:Christmas",
            "END:VEVENT",
            "END:VCALENDAR", "");

    @Test
    void everyDayAnEventCoversIsAHolidayAndYearlyEventsRecur() {
        assertThat(Holidays.fromICalendar(FEED, BERLIN, LocalDate.of(2027, 12, 31))).containsExactly(
                LocalDate.of(2026, 10, 3),
                LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25), LocalDate.of(2026, 12, 26),
                LocalDate.of(2027, 12, 24), LocalDate.of(2027, 12, 25), LocalDate.of(2027, 12, 26));
    }

    @Test
    void recurrenceStopsAtTheGivenDay() {
        assertThat(Holidays.fromICalendar(FEED, BERLIN, LocalDate.of(2026, 12, 31))).hasSize(4);
    }

    @Test
    void textWithoutEventsIsRefused() {
        assertThatThrownBy(() -> Holidays.fromICalendar("not a calendar", BERLIN, LocalDate.of(2030, 1, 1)))
                .isInstanceOf(InvalidPolicy.class);
    }
}
