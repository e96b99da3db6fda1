package org.issueledger.command.audit;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

import org.axonframework.common.DateTimeUtils;
import org.issueledger.events.InstantText;

/**
 * The event's time as its row stores it, by hand ({@link InstantText}): Axon's {@link DateTimeUtils#formatInstant}
 * character for character (exactly three fraction digits; the hash chain covers it). Years outside 0000–9999 go
 * through Axon's formatter itself.
 */
final class StoredTime {

    /** {@code yyyy-MM-ddTHH:mm:ss.SSSZ}: what {@link #format} writes for a year of four digits. */
    private static final int LENGTH = 24;

    private StoredTime() {
    }

    /** The event's time as its row stores it. */
    static String format(Instant instant) {
        return InstantText.hasFourDigitYear(instant) ? InstantText.withFraction(instant, 3)
                : DateTimeUtils.formatInstant(instant);
    }

    /**
     * The instant of a stored time in the form {@link #format} writes for years 0000–9999, without a formatter: every
     * event processor asks every event read back for its time, and {@link DateTimeUtils#parseInstant} was a tenth of
     * the relay's CPU. Null for any other text (and for a field out of range): the caller parses it as Axon does.
     */
    static Instant parse(String text) {
        if (text == null || text.length() != LENGTH || text.charAt(4) != '-' || text.charAt(7) != '-'
                || text.charAt(10) != 'T' || text.charAt(13) != ':' || text.charAt(16) != ':' || text.charAt(19) != '.'
                || text.charAt(23) != 'Z') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        int millis = digits(text, 20, 3);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
                || second > 59 || millis < 0) {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, millis * 1_000_000L);
    }

    /** The number written in {@code count} ASCII digits from {@code start}, or -1. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
