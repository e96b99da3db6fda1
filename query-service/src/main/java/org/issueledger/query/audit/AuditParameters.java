package org.issueledger.query.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import org.issueledger.query.dashboard.BadParameter;

/** Reads the audit APIs' query parameters, or answers 400 naming the bad one. */
final class AuditParameters {

    private AuditParameters() {
    }

    /**
     * An instant like {@code 2026-11-21T10:00:00Z} (any ISO-8601 offset), or a date like {@code 2026-11-21} meaning
     * its start in UTC; null when absent.
     */
    static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(parameter, "Parameter '" + parameter
                    + "' must be an instant like 2026-11-21T10:00:00Z or a date like 2026-11-21, got '" + value + "'");
        }
    }

    static int number(String parameter, String value, int defaultValue, int min, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        String range = max == Integer.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
        throw new BadParameter(parameter, "Parameter '" + parameter + "' must be a whole number " + range + ", got '"
                + value + "'");
    }

    /** {@code to} must come after {@code from} when both are given. */
    static void ordered(Instant from, Instant to) {
        if (from != null && to != null && !from.isBefore(to)) {
            throw new BadParameter("to", "Parameter 'to' must be after 'from', got from " + from + " to " + to);
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
