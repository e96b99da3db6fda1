package org.issueledger.query.audit;

import java.time.Duration;
import java.time.Instant;

import org.issueledger.query.dashboard.BadParameter;

/**
 * The business-time range of an export: events with {@code from <= occurredAt < to}. Both ends are required and the
 * range spans at most {@link #MAX_SPAN}: the export streams in constant memory, but one request should not hold a
 * database connection and a cursor for an unbounded time, and a year covers an annual audit.
 */
record ExportRange(Instant from, Instant to) {

    static final Duration MAX_SPAN = Duration.ofDays(366);

    static ExportRange of(String from, String to) {
        Instant fromInstant = required("from", AuditParameters.instant("from", from));
        Instant toInstant = required("to", AuditParameters.instant("to", to));
        AuditParameters.ordered(fromInstant, toInstant);
        if (Duration.between(fromInstant, toInstant).compareTo(MAX_SPAN) > 0) {
            throw new BadParameter("to", "Parameter 'to' must be at most " + MAX_SPAN.toDays() + " days after 'from', got "
                    + fromInstant + " to " + toInstant + ": export a longer range in parts");
        }
        return new ExportRange(fromInstant, toInstant);
    }

    /** A file name that names the range and is safe on every file system, e.g. audit_20260701T000000Z_... */
    String fileName(String extension) {
        return "audit_" + compact(from) + "_" + compact(to) + "." + extension;
    }

    private static String compact(Instant instant) {
        return instant.toString().replace("-", "").replace(":", "");
    }

    private static Instant required(String parameter, Instant value) {
        if (value == null) {
            throw new BadParameter(parameter, "Parameter '" + parameter + "' is required: an export covers a range of"
                    + " business time (occurredAt) of at most " + MAX_SPAN.toDays() + " days");
        }
        return value;
    }
}
