package org.issueledger.query.kpi;

/** What one event adds to a row of {@code kpi_daily}. */
record Tally(int created, int resolved, int closed, int reopened, int invalidReports, int backlogChange,
             int satisfactionSum, int satisfactionCount, long resolveSeconds, int timedResolutions) {

    /** A new issue is counted and enters the backlog. */
    static Tally newIssue() {
        return new Tally(1, 0, 0, 0, 0, 1, 0, 0, 0, 0);
    }

    /** A resolution, and with it the issue's resolve time (it is the latest resolution from now on). */
    static Tally resolution(boolean wasOpen, long resolveSeconds) {
        return new Tally(0, 1, 0, 0, 0, wasOpen ? -1 : 0, 0, 0, resolveSeconds, 1);
    }

    /** A reopen takes the issue's latest resolution back out of the resolve times of the day it was counted on. */
    static Tally resolutionWithdrawn(long resolveSeconds) {
        return new Tally(0, 0, 0, 0, 0, 0, 0, 0, -resolveSeconds, -1);
    }

    static Tally closure(Integer satisfaction) {
        return satisfaction == null
                ? new Tally(0, 0, 1, 0, 0, 0, 0, 0, 0, 0)
                : new Tally(0, 0, 1, 0, 0, 0, satisfaction, 1, 0, 0);
    }

    static Tally reopen(boolean wasOpen) {
        return new Tally(0, 0, 0, 1, 0, wasOpen ? 0 : 1, 0, 0, 0, 0);
    }

    static Tally invalidReport(boolean wasOpen) {
        return new Tally(0, 0, 0, 0, 1, wasOpen ? -1 : 0, 0, 0, 0, 0);
    }

    /** +1 or -1 on the creation day when an issue moves to another key. */
    static Tally createdMoved(int sign) {
        return new Tally(sign, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** +1 or -1 on the day an issue in work moves to another key. */
    static Tally backlogMoved(int sign) {
        return new Tally(0, 0, 0, 0, 0, sign, 0, 0, 0, 0);
    }
}
