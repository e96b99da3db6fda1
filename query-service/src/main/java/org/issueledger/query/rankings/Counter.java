package org.issueledger.query.rankings;

/**
 * The daily counters the projection keeps in {@code ranking_count}, by the name stored in its
 * {@code dimension} column. Issues count on their creation day under their current classification;
 * escalations and reopens count on the day they happen, keyed by issue.
 */
enum Counter {
    CATEGORY("category"),
    COMPONENT("component"),
    TEAM("team"),
    FINGERPRINT("fingerprint"),
    ESCALATION("escalation"),
    REOPEN("reopen");

    private final String stored;

    Counter(String stored) {
        this.stored = stored;
    }

    String stored() {
        return stored;
    }

    /** Counters keyed by issue id, whose rows are labelled with the issue's title. */
    boolean perIssue() {
        return this == ESCALATION || this == REOPEN;
    }
}
