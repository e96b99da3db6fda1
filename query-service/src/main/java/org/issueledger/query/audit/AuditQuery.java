package org.issueledger.query.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.issueledger.events.EventType;
import org.issueledger.query.dashboard.BadParameter;

/**
 * A request for one page of audit entries across issues, checked. Filters: {@code actor} exactly, {@code from}
 * (inclusive) and {@code to} (exclusive) on business time {@code occurredAt}, {@code type} by wire name. Entries come
 * in business time order, then by issue and sequence, so that pages never overlap or skip.
 */
record AuditQuery(String actor, Instant from, Instant to, String type, int page, int size) {

    static final int DEFAULT_SIZE = 100;
    static final int MAX_SIZE = 1_000;
    /**
     * How deep paging goes: OFFSET reads and drops every row before the page, and an exact count reads every match,
     * so both stop here. Narrow {@code from}/{@code to}, or take the export, to see more.
     */
    static final int MAX_RESULTS = 10_000;

    static AuditQuery of(String actor, String from, String to, String type, String page, String size) {
        Instant fromInstant = AuditParameters.instant("from", from);
        Instant toInstant = AuditParameters.instant("to", to);
        AuditParameters.ordered(fromInstant, toInstant);
        int pageNumber = AuditParameters.number("page", page, 0, 0, Integer.MAX_VALUE);
        int pageSize = AuditParameters.number("size", size, DEFAULT_SIZE, 1, MAX_SIZE);
        if ((long) pageNumber * pageSize >= MAX_RESULTS) {
            throw new BadParameter("page", "Parameter 'page' times 'size' must be below " + MAX_RESULTS + ", got "
                    + pageNumber + " * " + pageSize + ": narrow 'from' and 'to', or use /api/audit/export");
        }
        return new AuditQuery(blankToNull(actor), fromInstant, toInstant, eventType(type), pageNumber, pageSize);
    }

    /** The WHERE clause (possibly empty) over audit_entry, with named parameters. */
    String where() {
        List<String> conditions = new ArrayList<>();
        if (actor != null) {
            conditions.add("actor = :actor");
        }
        if (from != null) {
            conditions.add("occurred_at >= :from");
        }
        if (to != null) {
            conditions.add("occurred_at < :to");
        }
        if (type != null) {
            conditions.add("type = :type");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("actor", actor);
        parameters.put("from", AuditParameters.utc(from));
        parameters.put("to", AuditParameters.utc(to));
        parameters.put("type", type);
        parameters.put("limit", size);
        parameters.put("offset", (long) page * size);
        return parameters;
    }

    private static String eventType(String type) {
        if (type == null || type.isBlank()) {
            return null;
        }
        return EventType.byWireName(type).map(EventType::wireName).orElseThrow(() -> BadParameter.notOneOf("type",
                type, Arrays.stream(EventType.values()).map(EventType::wireName).toList()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
