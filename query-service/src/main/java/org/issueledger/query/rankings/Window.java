package org.issueledger.query.rankings;

import java.time.LocalDate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.issueledger.query.web.BadParameter;

/**
 * How far back a ranking looks: {@code Nd} (the N UTC days ending on the reference day, both ends included)
 * or {@code all} (everything up to the reference day).
 */
record Window(String name, Integer days) {

    static final int MAX_DAYS = 3660;
    private static final Pattern DAYS = Pattern.compile("([0-9]{1,4})d");

    static Window parse(String value) {
        if ("all".equals(value)) {
            return new Window(value, null);
        }
        Matcher matcher = DAYS.matcher(value);
        if (matcher.matches()) {
            int days = Integer.parseInt(matcher.group(1));
            if (days >= 1 && days <= MAX_DAYS) {
                return new Window(value, days);
            }
        }
        throw new BadParameter("window", "Parameter 'window' must be 7d, 30d, 90d, any Nd with 1 <= N <= "
                + MAX_DAYS + ", or all; got '" + value + "'");
    }

    boolean all() {
        return days == null;
    }

    /** First day of this window when it ends on {@code last}; null for {@code all}. */
    LocalDate firstDay(LocalDate last) {
        return all() ? null : last.minusDays(days - 1L);
    }

    /** The window of the same length just before this one, as [first, last]; empty for {@code all}. */
    List<LocalDate> previous(LocalDate last) {
        return all() ? List.of() : List.of(last.minusDays(2L * days - 1), last.minusDays(days));
    }
}
