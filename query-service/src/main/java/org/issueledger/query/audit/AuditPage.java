package org.issueledger.query.audit;

import java.util.List;

import org.issueledger.query.consuming.Freshness;

/**
 * One page of audit entries across issues.
 *
 * @param page            from 0
 * @param totalItems      entries matching the filters, on all pages, but at most 10,000
 * @param totalItemsExact false when more than 10,000 match: narrow the filters or use the export to see them all
 */
record AuditPage(List<AuditEntry> items, int page, int size, long totalItems, boolean totalItemsExact,
                 long totalPages, Freshness freshness) implements AuditEntryTable {

    @Override
    public List<AuditEntry> csvEntries() {
        return items;
    }
}
