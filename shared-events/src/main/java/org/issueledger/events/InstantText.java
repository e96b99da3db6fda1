package org.issueledger.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()}'s text written and read by hand: {@code DateTimeFormatter} was a twenty-fifth of the import's CPU
 * for the stored time, a fifth of the payloads' serialisation, and 7 % of the query-service's CPU in a rebuild
 * (instants written into COPY and array parameters). The same text character for character (the hash chain covers
 * the stored forms): the fraction in groups of three digits, none when zero. Years outside 0000–9999 (a sign, more
 * digits) go through the formatter itself.
 */
public final class InstantText {

    private InstantText() {
    }

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long END_SECOND = 253_402_300_800L;

    /** The text of {@link Instant#toString()}. */
    public static String of(Instant instant) {
        if (!hasFourDigitYear(instant)) {
            return instant.toString();
        }
        int nano = instant.getNano();
        return withFraction(instant, nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9);
    }

    /** Whether {@link #withFraction} can write it: a year 0000–9999. */
    public static boolean hasFourDigitYear(Instant instant) {
        return instant.getEpochSecond() >= FIRST_SECOND && instant.getEpochSecond() < END_SECOND;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with {@code fractionDigits} (0, 3, 6 or 9) digits, truncated; only for
     * {@link #hasFourDigitYear}.
     */
    public static String withFraction(Instant instant, int fractionDigits) {
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, ZoneOffset.UTC);
        byte[] out = new byte[fractionDigits == 0 ? 20 : 21 + fractionDigits];
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
        if (fractionDigits > 0) {
            out[19] = '.';
            int nano = instant.getNano();
            for (int i = fractionDigits; i < 9; i++) {
                nano /= 10;
            }
            digits(out, 20, nano, fractionDigits);
        }
        out[out.length - 1] = 'Z';
        return new String(out, StandardCharsets.US_ASCII);
    }

    private static void digits(byte[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
    }

    /**
     * The instant of a text in {@link Instant#toString()}'s form for years 0000–9999 ({@code 2026-12-07T06:00:00Z},
     * 0 to 9 fraction digits), read by hand: {@link Instant#parse} goes through a general {@code DateTimeFormatter},
     * which was a tenth of a rebuild's decoding CPU and of the relay's. Null for anything else (null, an offset, a
     * leap second, a year beyond four digits, a day that does not exist): the caller takes the general way, which
     * accepts or refuses it as before.
     */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        int length = text.length();
        if (length < 20 || length > 30 || length == 21 || text.charAt(length - 1) != 'Z'
                || text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T'
                || text.charAt(13) != ':' || text.charAt(16) != ':') {
            return null;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        int second = digits(text, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59
                || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (length > 20) {
            if (text.charAt(19) != '.') {
                return null;
            }
            int fraction = length - 21;
            int value = digits(text, 20, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value;
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal value of {@code count} digits from {@code start}, or -1 if one is not a digit. */
    private static int digits(String text, int start, int count) {
        int value = 0;
        for (int i = start; i < start + count; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }
}
