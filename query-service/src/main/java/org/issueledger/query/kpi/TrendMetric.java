package org.issueledger.query.kpi;

/** What a trend follows over time. */
enum TrendMetric {
    /** Issues created per bucket. */
    CREATED("issues"),
    /** Closures per bucket. */
    CLOSED("issues"),
    /** Issues in work at the end of each bucket. */
    BACKLOG("issues"),
    /** Mean time to resolve of the issues whose (latest) resolution falls in the bucket. */
    MTTR("hours");

    private final String unit;

    TrendMetric(String unit) {
        this.unit = unit;
    }

    String unit() {
        return unit;
    }
}
