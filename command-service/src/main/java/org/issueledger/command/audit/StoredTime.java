package org.issueledger.command.audit;

import java.time.Instant;

import org.axonframework.common.DateTimeUtils;
import org.issueledger.events.InstantText;

/**
 * The event's time as its row stores it, by hand ({@link InstantText}): Axon's {@link DateTimeUtils#formatInstant}
 * character for character (exactly three fraction digits; the hash chain covers it). Years outside 0000–9999 go
 * through Axon's formatter itself.
 */
final class StoredTime {

    private StoredTime() {
    }

    /** The event's time as its row stores it. */
    static String format(Instant instant) {
        return InstantText.hasFourDigitYear(instant) ? InstantText.withFraction(instant, 3)
                : DateTimeUtils.formatInstant(instant);
    }
}
