package org.issueledger.query.kpi;

/** What a heat map's rows or columns are, each a column of {@code kpi_issue} (the current value). */
enum HeatAxis {
    TEAM, CATEGORY, PRIORITY, COMPONENT;

    String column() {
        return Parameters.wireName(this);
    }
}
