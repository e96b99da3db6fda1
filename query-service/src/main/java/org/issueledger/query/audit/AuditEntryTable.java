package org.issueledger.query.audit;

import java.util.List;

import org.issueledger.query.dashboard.TabularAnswer;

/** An answer made of audit entries: as CSV, one record per entry in the columns every audit CSV shares. */
interface AuditEntryTable extends TabularAnswer {

    List<AuditEntry> csvEntries();

    @Override
    default List<String> csvHeader() {
        return AuditEntry.CSV_HEADER;
    }

    @Override
    default List<List<Object>> csvRecords() {
        return csvEntries().stream().map(AuditEntry::csvRecord).toList();
    }
}
