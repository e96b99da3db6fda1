package org.issueledger.command.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.axonframework.common.DateTimeUtils;

/**
 * Instants as the event store writes them, by hand: {@code DateTimeFormatter} was a twenty-fifth of the import's CPU
 * for the stored time and a fifth of the payloads' serialisation. Two forms, each the same character for character as
 * the formatter it replaces (the hash chain covers both): the time column ({@link #format}, Axon's
 * {@link DateTimeUtils#formatInstant}: exactly three fraction digits) and the instants inside stored payloads
 * ({@link #payloadText}, {@link Instant#toString()}: the fraction in groups of three digits, none when zero). Years
 * outside 0000–9999 (a sign, more digits) go through the formatters themselves.
 */
public final class StoredTime {

    private StoredTime() {
    }

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z. */
    private static final long FIRST_SECOND = -62_167_219_200L;
    private static final long END_SECOND = 253_402_300_800L;

    /** The event's time as its row stores it. */
    static String format(Instant instant) {
        return fourDigitYear(instant) ? text(instant, 3) : DateTimeUtils.formatInstant(instant);
    }

    /** An instant inside a stored payload, as the JSR-310 module writes it. */
    public static String payloadText(Instant instant) {
        if (!fourDigitYear(instant)) {
            return instant.toString();
        }
        int nano = instant.getNano();
        return text(instant, nano == 0 ? 0 : nano % 1_000_000 == 0 ? 3 : nano % 1_000 == 0 ? 6 : 9);
    }

    private static boolean fourDigitYear(Instant instant) {
        return instant.getEpochSecond() >= FIRST_SECOND && instant.getEpochSecond() < END_SECOND;
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} with {@code fractionDigits} (0, 3, 6 or 9) digits, truncated. */
    private static String text(Instant instant, int fractionDigits) {
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
}
