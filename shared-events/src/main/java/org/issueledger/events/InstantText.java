package org.issueledger.events;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * {@link Instant#toString()}'s text written by hand: {@code DateTimeFormatter} was a twenty-fifth of the import's CPU
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
}
