package org.issueledger.query.sla;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.issueledger.query.web.BadParameter;

/** Reads the query parameters of the SLA API, or answers 400 naming the bad one. */
final class SlaParameters {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private SlaParameters() {
    }

    /** A comma-separated combination of team, priority, category, week, month; repeats count once. */
    static List<GroupBy> groupBy(String value) {
        List<GroupBy> dimensions = new ArrayList<>();
        if (value == null || value.isBlank()) {
            return dimensions;
        }
        for (String part : value.split(",", -1)) {
            String name = part.trim().toUpperCase(Locale.ROOT);
            GroupBy dimension = Arrays.stream(GroupBy.values())
                    .filter(candidate -> candidate.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> BadParameter.notOneOf("groupBy", part.trim(),
                            Arrays.stream(GroupBy.values()).map(GroupBy::wireName).toList()));
            if (!dimensions.contains(dimension)) {
                dimensions.add(dimension);
            }
        }
        return dimensions;
    }

    static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameter("limit", "Parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '"
                + value + "'");
    }

    /** A team filter; blank means every team. */
    static String team(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
