package org.issueledger.command.audit;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.axonframework.common.DateTimeUtils;

/**
 * The text Axon's JDBC engine stores an event's time as ({@link DateTimeUtils#formatInstant}: ISO-8601 in UTC with
 * exactly three fraction digits, e.g. {@code 2013-04-11T13:41:30.000Z}), written by hand: the formatter was a
 * twenty-fifth of the import's CPU. The hash chain covers this text, so it must be the same character for
 * character; years outside 0–9999 (a sign, more digits) go through Axon's own formatter.
 */
final class StoredTime {

    private StoredTime() {
    }

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long END_SECOND = 253_402_300_800L;

    static String format(Instant instant) {
        if (instant.getEpochSecond() < FIRST_SECOND || instant.getEpochSecond() >= END_SECOND) {
            return DateTimeUtils.formatInstant(instant);
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        char[] out = new char[24];
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        out[19] = '.';
        digits(out, 20, t.getNano() / 1_000_000, 3); // truncated, as the formatter's fraction of width 3
        out[23] = 'Z';
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
