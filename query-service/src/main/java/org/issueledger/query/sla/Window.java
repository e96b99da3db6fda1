package org.issueledger.query.sla;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

import org.issueledger.query.web.BadParameter;

/**
 * The clocks an answer covers: those that started (= the issue was created) in {@code [from, to)}. Either bound
 * may be absent (open). A date bound means whole UTC days: {@code from=2024-01-01&to=2024-01-31} is all of
 * January; an instant bound ({@code 2024-01-01T08:00:00Z}, or with an offset) is taken as it is, {@code to}
 * exclusive.
 */
record Window(Instant from, Instant to) {

    static Window of(String from, String to) {
        Instant start = bound("from", from, false);
        Instant end = bound("to", to, true);
        if (start != null && end != null && !start.isBefore(end)) {
            throw new BadParameter("from", "Parameter 'from' (" + from + ") must be before 'to' (" + to + ")");
        }
        return new Window(start, end);
    }

    private static Instant bound(String parameter, String value, boolean end) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            LocalDate day = LocalDate.parse(text);
            return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADate) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException notAnInstant) {
                throw new BadParameter(parameter, "Parameter '" + parameter + "' must be a date like 2024-01-31 or an "
                        + "instant like 2024-01-31T08:00:00Z, got '" + value + "'");
            }
        }
    }

    /** {@code AND ...} conditions on {@code c.started_at}; the bounds go in as {@code :from} / {@code :to}. */
    String sqlCondition() {
        return (from != null ? " AND c.started_at >= :from" : "") + (to != null ? " AND c.started_at < :to" : "");
    }

    /** The parameters of {@link #sqlCondition()}, and {@code :team} when filtering by team. */
    Map<String, Object> params(String team) {
        Map<String, Object> params = new HashMap<>();
        if (from != null) {
            params.put("from", PolicySnapshots.utc(from));
        }
        if (to != null) {
            params.put("to", PolicySnapshots.utc(to));
        }
        if (team != null) {
            params.put("team", team);
        }
        return params;
    }
}
