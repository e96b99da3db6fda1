package org.issueledger.query.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/**
 * {@code GET /api/sla/compliance}: clocks that started in {@code [from, to)}, in total and per group.
 *
 * @param from    null when open
 * @param to      exclusive; null when open
 * @param groupBy the dimensions of {@code group}, in the order asked; rows hold the total alone when empty
 */
record ComplianceReport(Instant from, Instant to, List<String> groupBy, String team, Row total, List<Row> rows,
                        Freshness freshness) implements TabularAnswer {

    /** @param group dimension name to value (null: issues without a team or category) */
    record Row(Map<String, String> group, ClockFigures firstResponse, ClockFigures resolution) {
    }

    @Override
    public List<String> csvHeader() {
        List<String> header = new ArrayList<>(groupBy);
        for (String clock : List.of("firstResponse", "resolution")) {
            for (String figure : List.of("Met", "Breached", "Running", "CompliancePercent", "Stopped", "MeanHours",
                    "MedianHours", "P90Hours")) {
                header.add(clock + figure);
            }
        }
        return header;
    }

    /** The rows only: a total line would be summed twice by whoever adds up a column. */
    @Override
    public List<List<Object>> csvRecords() {
        return rows.stream().map(row -> {
            List<Object> record = new ArrayList<>();
            groupBy.forEach(dimension -> record.add(row.group().get(dimension)));
            for (ClockFigures figures : List.of(row.firstResponse(), row.resolution())) {
                record.add(figures.met());
                record.add(figures.breached());
                record.add(figures.running());
                record.add(figures.compliancePercent());
                record.add(figures.stopped());
                record.add(figures.meanHours());
                record.add(figures.medianHours());
                record.add(figures.p90Hours());
            }
            return record;
        }).toList();
    }
}
