package org.issueledger.query.sla;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * A dimension compliance is split by. Team and category are the current ones; priority is the one whose
 * target the clock last took (so an issue raised from P3 to P1 is counted under P1); week and month are the UTC
 * calendar buckets of the clock's start: a week is named by its Monday ({@code 2024-01-08}), a month as
 * {@code 2024-01}.
 */
enum GroupBy {
    TEAM("i.team"),
    PRIORITY("c.priority"),
    CATEGORY("i.category"),
    WEEK("to_char(date_trunc('week', c.started_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"),
    MONTH("to_char(c.started_at AT TIME ZONE 'UTC', 'YYYY-MM')");

    /** The SQL expression over {@code sla_clock c JOIN sla_issue i}; constant text, never built from input. */
    final String sql;

    GroupBy(String sql) {
        this.sql = sql;
    }

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The same key in Java, for clocks recomputed by what-if. */
    String keyOf(String team, String category, String priority, Instant startedAt) {
        return switch (this) {
            case TEAM -> team;
            case PRIORITY -> priority;
            case CATEGORY -> category;
            case WEEK -> LocalDate.ofInstant(startedAt, ZoneOffset.UTC)
                    .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).toString();
            case MONTH -> YearMonth.from(LocalDate.ofInstant(startedAt, ZoneOffset.UTC)).toString();
        };
    }
}
