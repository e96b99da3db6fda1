package org.issueledger.command.imports;

import java.util.List;

/**
 * Consecutive events of one case, in file order: an XES trace, or a run of CSV rows with the same case
 * id. The unit a worker takes; one case's chunks always go to the same worker, in order.
 */
record SourceCase(String caseId, List<SourceEvent> events) {
}
