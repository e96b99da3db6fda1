package org.issueledger.query.rankings;

import java.util.Arrays;
import java.util.List;

import org.issueledger.query.web.BadParameter;

/** What can be ranked, by its name in the path {@code /api/rankings/{dimension}}. */
enum Dimension {
    CATEGORY("category", Counter.CATEGORY, null),
    COMPONENT("component", Counter.COMPONENT, null),
    PRODUCT("product", Counter.COMPONENT,
            "Events carry no product yet: a product is its component until they do"),
    TEAM("team", Counter.TEAM, null),
    FINGERPRINT("fingerprint", Counter.FINGERPRINT, null),
    MOST_ESCALATED("most-escalated", Counter.ESCALATION, null),
    MOST_REOPENED("most-reopened", Counter.REOPEN, null),
    LONGEST_OPEN("longest-open", null,
            "Issues open now (not resolved, closed or cancelled), oldest first; count is whole days open at the"
                    + " end of the reference day; the window does not apply"),
    SLA_BREACHES_BY_TEAM("sla-breaches-by-team", Counter.SLA_BREACH,
            "SLA breaches (first-response and resolution clocks) by the day the clock ran past its due time");

    private final String pathName;
    private final Counter counter;
    private final String note;

    Dimension(String pathName, Counter counter, String note) {
        this.pathName = pathName;
        this.counter = counter;
        this.note = note;
    }

    static Dimension parse(String value) {
        return Arrays.stream(values())
                .filter(dimension -> dimension.pathName.equals(value))
                .findFirst()
                .orElseThrow(() -> BadParameter.notOneOf("dimension", value, names()));
    }

    static List<String> names() {
        return Arrays.stream(values()).map(Dimension::pathName).toList();
    }

    String pathName() {
        return pathName;
    }

    /** The daily counter it sums, or null when it is not a counted ranking. */
    Counter counter() {
        return counter;
    }

    String note() {
        return note;
    }
}
