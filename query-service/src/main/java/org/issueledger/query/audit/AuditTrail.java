package org.issueledger.query.audit;

import java.util.List;
import java.util.UUID;

import org.issueledger.query.consuming.Freshness;

/** Every event of one issue, in sequence order. */
record AuditTrail(UUID issueId, List<AuditEntry> entries, Freshness freshness) implements AuditEntryTable {

    @Override
    public List<AuditEntry> csvEntries() {
        return entries;
    }
}
