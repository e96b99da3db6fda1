package org.issueledger.query.kpi;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/** A metric per calendar bucket of a period, every bucket present, in order. */
record Trend(String metric, String interval, LocalDate from, LocalDate to, String team, String unit,
             List<Point> points, Freshness freshness) implements TabularAnswer {

    /**
     * @param start first day of the bucket inside the period
     * @param end   last day of the bucket inside the period
     * @param value a count, or hours for mttr (null for a bucket without resolutions)
     */
    record Point(LocalDate start, LocalDate end, Number value) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("start", "end", metric);
    }

    @Override
    public List<List<Object>> csvRecords() {
        return points.stream().map(point -> Arrays.<Object>asList(point.start(), point.end(), point.value())).toList();
    }
}
