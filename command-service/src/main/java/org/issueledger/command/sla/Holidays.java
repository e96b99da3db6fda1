package org.issueledger.command.sla;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.SortedSet;
import java.util.TimeZone;
import java.util.TreeSet;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import biweekly.util.com.google.ical.compat.javautil.DateIterator;

/**
 * Holidays read from an iCalendar file (RFC 5545), as published by most holiday feeds: every day an
 * event covers is a holiday, recurring events expanded up to {@code until}.
 */
final class Holidays {

    private Holidays() {
    }

    /**
     * @throws InvalidPolicy when the text is not iCalendar or holds no event
     */
    static SortedSet<LocalDate> fromICalendar(String ics, ZoneId zone, LocalDate until) {
        List<ICalendar> calendars = Biweekly.parse(ics).all();
        SortedSet<LocalDate> days = new TreeSet<>();
        TimeZone timeZone = TimeZone.getTimeZone(zone);
        for (ICalendar calendar : calendars) {
            for (VEvent event : calendar.getEvents()) {
                if (event.getDateStart() == null) {
                    continue;
                }
                LocalDate start = day(event.getDateStart().getValue(), zone);
                // DTEND is exclusive; an all-day event without one lasts one day.
                long length = event.getDateEnd() == null ? 1 : Math.max(1,
                        day(event.getDateEnd().getValue(), zone).toEpochDay() - start.toEpochDay());
                DateIterator occurrences = event.getDateIterator(timeZone);
                while (occurrences.hasNext()) {
                    LocalDate first = day(occurrences.next(), zone);
                    if (first.isAfter(until)) {
                        break;
                    }
                    for (long d = 0; d < length; d++) {
                        days.add(first.plusDays(d));
                    }
                }
            }
        }
        if (days.isEmpty()) {
            throw new InvalidPolicy("The iCalendar text holds no event up to " + until);
        }
        return days;
    }

    private static LocalDate day(Date date, ZoneId zone) {
        return date.toInstant().atZone(zone).toLocalDate();
    }
}
