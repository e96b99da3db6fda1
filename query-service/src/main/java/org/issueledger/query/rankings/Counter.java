package org.issueledger.query.rankings;

/**
 * The daily counters the projection keeps in {@code ranking_count}, by the name stored in its
 * {@code dimension} column. Issues count on their creation day under their current classification;
 * escalations and reopens count on the day they happen, keyed by issue; SLA breaches on the day the clock
 * ran past its due time, keyed by team.
 */
enum Counter {
    CATEGORY("category"),
    COMPONENT("component"),
    TEAM("team"),
    FINGERPRINT("fingerprint"),
    ESCALATION("escalation"),
    REOPEN("reopen"),
    SLA_BREACH("sla-breach");

    private final String stored;

    Counter(String stored) {
        this.stored = stored;
    }

    String stored() {
        return stored;
    }

    /**
     * Counters that count each issue once, on its creation day: they all add up to the same total, which the team
     * counter (the fewest keys) answers fastest.
     */
    boolean countsIssues() {
        return this == CATEGORY || this == COMPONENT || this == TEAM || this == FINGERPRINT;
    }

    /**
     * Whether {@code ranking_count_weekly} (V65) sums this stored dimension per week: not the per-issue counters, nor
     * fingerprints, of which most occur once per team and week, so that a week would merge hardly any rows.
     */
    static boolean rolledUpWeekly(String stored) {
        return !stored.equals(ESCALATION.stored) && !stored.equals(REOPEN.stored) && !stored.equals(FINGERPRINT.stored);
    }

    /**
     * Whether {@code ranking_count_all_teams} (V66) sums this stored dimension over all teams: the counters whose
     * keys every team shares. Team and SLA-breach counters are keyed by team (one row per key already), the
     * per-issue ones and fingerprints hardly merge.
     */
    static boolean summedAcrossTeams(String stored) {
        return stored.equals(CATEGORY.stored) || stored.equals(COMPONENT.stored);
    }

    /** Counters keyed by issue id, whose rows are labelled with the issue's title. */
    boolean perIssue() {
        return this == ESCALATION || this == REOPEN;
    }
}
