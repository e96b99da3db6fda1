package org.issueledger.query.kpi;

import java.util.Arrays;
import java.util.List;

import org.issueledger.query.consuming.Freshness;
import org.issueledger.query.web.TabularAnswer;

/** Issues in work now per owner (owner null: not assigned yet), busiest first. */
record TeamLoad(String team, List<KpiReport.OwnerLoad> owners, Freshness freshness) implements TabularAnswer {

    @Override
    public List<String> csvHeader() {
        return List.of("owner", "openIssues");
    }

    @Override
    public List<List<Object>> csvRecords() {
        return owners.stream().map(load -> Arrays.<Object>asList(load.owner(), load.openIssues())).toList();
    }
}
