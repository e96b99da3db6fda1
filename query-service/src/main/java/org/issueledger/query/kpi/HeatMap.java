package org.issueledger.query.kpi;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/**
 * Issues created in the period per (row, column) pair, by their current classification. {@code rowKeys} and
 * {@code colKeys} are the busiest keys first (at most {@code limit} each); a key is null for issues without that
 * value (no team, no component). Cells with no issues are left out.
 */
record HeatMap(String rows, String cols, LocalDate from, LocalDate to, String team, List<String> rowKeys,
               List<String> colKeys, List<Cell> cells, long max, Freshness freshness) implements TabularAnswer {

    record Cell(String row, String col, long count) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of(rows, cols, "count");
    }

    @Override
    public List<List<Object>> csvRecords() {
        return cells.stream().map(cell -> Arrays.<Object>asList(cell.row(), cell.col(), cell.count())).toList();
    }
}
