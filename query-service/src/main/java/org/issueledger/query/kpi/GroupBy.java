package org.issueledger.query.kpi;

/** How KPI rows are split: by a property of the issues, or by calendar bucket. */
enum GroupBy {
    TEAM, PRIORITY, CATEGORY, WEEK, MONTH;

    /** The calendar bucket, or null when the rows are not split by time. */
    Interval interval() {
        return switch (this) {
            case WEEK -> Interval.WEEK;
            case MONTH -> Interval.MONTH;
            default -> null;
        };
    }
}
