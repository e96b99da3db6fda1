package org.issueledger.query.rankings;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every event the contract permits goes through the rankings projection (see {@link QueryServiceTestSupport}). */
class RankingsHandleEveryEventTest extends QueryServiceTestSupport {

    @Autowired
    RankingProjection projection;

    @Test
    void everyPermittedIssueEventIsHandledByTheRankings() {
        assertEveryPermittedEventMovesTheGuardOn(projection, "ranking_issue");
    }
}
