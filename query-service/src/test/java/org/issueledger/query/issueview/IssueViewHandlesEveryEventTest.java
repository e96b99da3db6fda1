package org.issueledger.query.issueview;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every event the contract permits goes through the issue view (see {@link QueryServiceTestSupport}). */
class IssueViewHandlesEveryEventTest extends QueryServiceTestSupport {

    @Autowired
    IssueViewProjection projection;

    @Test
    void everyPermittedIssueEventIsHandledByTheIssueView() {
        assertEveryPermittedEventMovesTheGuardOn(projection, "issue_view");
    }
}
