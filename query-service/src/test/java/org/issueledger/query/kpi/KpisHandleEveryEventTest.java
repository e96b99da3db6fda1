package org.issueledger.query.kpi;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every event the contract permits goes through the KPI projection (see {@link QueryServiceTestSupport}). */
class KpisHandleEveryEventTest extends QueryServiceTestSupport {

    @Autowired
    KpiProjection projection;

    @Test
    void everyPermittedIssueEventIsHandledByTheKpis() {
        assertEveryPermittedEventMovesTheGuardOn(projection, "kpi_issue");
    }
}
