package org.issueledger.query.kpi;

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.consuming.ProjectionProgress;
import org.issueledger.query.web.BadParameter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/heatmap?rows&cols&from&to&team&limit}. */
@RestController
@RequestMapping("/api/heatmap")
class HeatMapController {

    static final int MAX_KEYS = 100;

    private final Kpis kpis;
    private final ProjectionProgress progress;
    // Only for a read model without any event yet: its periods end today.
    private final Clock clock = Clock.systemUTC();

    HeatMapController(Kpis kpis, ProjectionProgress progress) {
        this.kpis = kpis;
        this.progress = progress;
    }

    @GetMapping
    HeatMap heatMap(@RequestParam(defaultValue = "team") String rows,
                    @RequestParam(defaultValue = "category") String cols,
                    @RequestParam(required = false) String from,
                    @RequestParam(required = false) String to,
                    @RequestParam(required = false) String team,
                    @RequestParam(required = false) String limit) {
        HeatAxis rowAxis = Parameters.required(HeatAxis.class, "rows", rows);
        HeatAxis colAxis = Parameters.required(HeatAxis.class, "cols", cols);
        if (rowAxis == colAxis) {
            throw new BadParameter("cols", "Parameters 'rows' and 'cols' must differ, both are '" + rows + "'");
        }
        int keys = Parameters.bounded("limit", limit, 20, 1, MAX_KEYS);
        String teamFilter = Parameters.team(team);
        Freshness freshness = progress.freshness();
        Period period = Period.of(from, to, kpis.newestDay().orElseGet(() -> LocalDate.now(clock)));

        List<HeatMap.Cell> all = kpis.createdPerPair(rowAxis, colAxis, period, teamFilter);
        List<String> rowKeys = busiest(all, HeatMap.Cell::row, keys);
        List<String> colKeys = busiest(all, HeatMap.Cell::col, keys);
        Set<String> shownRows = Set.copyOf(rowKeys);
        Set<String> shownCols = Set.copyOf(colKeys);
        List<HeatMap.Cell> cells = all.stream()
                .filter(cell -> shownRows.contains(cell.row()) && shownCols.contains(cell.col()))
                .sorted(Comparator.<HeatMap.Cell>comparingInt(cell -> rowKeys.indexOf(cell.row()))
                        .thenComparingInt(cell -> colKeys.indexOf(cell.col())))
                .map(cell -> new HeatMap.Cell(nullIfBlank(cell.row()), nullIfBlank(cell.col()), cell.count()))
                .toList();
        long max = cells.stream().mapToLong(HeatMap.Cell::count).max().orElse(0);
        return new HeatMap(rowAxis.column(), colAxis.column(), period.from(), period.to(), teamFilter,
                rowKeys.stream().map(HeatMapController::nullIfBlank).toList(),
                colKeys.stream().map(HeatMapController::nullIfBlank).toList(), cells, max, freshness);
    }

    /** The keys of one axis with the most issues first (ties by name), at most {@code limit}. */
    private static List<String> busiest(List<HeatMap.Cell> cells, Function<HeatMap.Cell, String> axis, int limit) {
        Map<String, Long> totals = cells.stream()
                .collect(Collectors.groupingBy(axis, Collectors.summingLong(HeatMap.Cell::count)));
        return totals.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit)
                .map(Map.Entry::getKey)
                .toList();
    }

    private static String nullIfBlank(String key) {
        return key.isEmpty() ? null : key;
    }
}
