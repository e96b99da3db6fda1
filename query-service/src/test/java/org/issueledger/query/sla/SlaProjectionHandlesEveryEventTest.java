package org.issueledger.query.sla;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every event the contract permits goes through the SLA read model (see {@link QueryServiceTestSupport}). */
class SlaProjectionHandlesEveryEventTest extends QueryServiceTestSupport {

    @Autowired
    SlaProjection projection;

    @Test
    void everyPermittedIssueEventIsHandledByTheSlaReadModel() {
        assertEveryPermittedEventMovesTheGuardOn(projection, "sla_issue");
    }
}
