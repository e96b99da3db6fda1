package org.issueledger.query.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.issueledger.query.web.BadParameter;

/**
 * The UTC days [from, to] an answer covers, both included. Without {@code to} it ends on the day of the newest
 * business time the read model has seen (so imported history answers like live traffic); without {@code from}
 * it starts {@value #DEFAULT_DAYS} days before its end.
 */
record Period(LocalDate from, LocalDate to) {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 3660;

    static Period of(String from, String to, LocalDate newestDay) {
        LocalDate end = Parameters.date("to", to);
        LocalDate start = Parameters.date("from", from);
        if (end == null) {
            end = newestDay;
        }
        if (start == null) {
            start = end.minusDays(DEFAULT_DAYS - 1L);
        }
        if (start.isAfter(end)) {
            throw new BadParameter("from", "Parameter 'from' (" + start + ") must not be after 'to' (" + end + ")");
        }
        if (ChronoUnit.DAYS.between(start, end) >= MAX_DAYS) {
            throw new BadParameter("from", "Parameter 'from' (" + start + ") must be less than " + MAX_DAYS
                    + " days before 'to' (" + end + ")");
        }
        return new Period(start, end);
    }

    /** The first instant of {@code from}. */
    Instant start() {
        return from.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The first instant after {@code to}. */
    Instant endExclusive() {
        return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
