package org.issueledger.query.rankings;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/**
 * One ranking: the window [from, to] it covers (from is null for {@code all}), the window before it that
 * {@code change} compares with, and the TOP rows.
 *
 * @param total         everything counted in the window, not only the rows shown: the base of {@code share}
 * @param previousTotal the same for the previous window; null for {@code all}
 * @param note          how to read this ranking when it is not a plain count
 */
record Ranking(String dimension, String window, LocalDate from, LocalDate to, LocalDate previousFrom,
               LocalDate previousTo, String team, long total, Long previousTotal, List<Row> rows, String note,
               Freshness freshness) implements TabularAnswer {

    /**
     * @param key           the category, component, team or fingerprint; the issue id for per-issue rankings;
     *                      null for issues without that value (no team, no component)
     * @param label         the title for per-issue rankings, else null
     * @param share         count / total, 4 decimals; null where counts do not add up to a total
     * @param previousCount the key's count in the previous window (0 if absent); null for {@code all}
     * @param change        count - previousCount; null for {@code all}
     */
    record Row(int rank, String key, String label, long count, Double share, Long previousCount, Long change) {
    }

    @Override
    public List<String> csvHeader() {
        return List.of("rank", "key", "label", "count", "share", "previousCount", "change");
    }

    @Override
    public List<List<Object>> csvRecords() {
        return rows.stream()
                .map(row -> Arrays.<Object>asList(row.rank(), row.key(), row.label(), row.count(),
                        row.share(), row.previousCount(), row.change()))
                .toList();
    }
}
