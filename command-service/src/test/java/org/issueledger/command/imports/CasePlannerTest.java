package org.issueledger.command.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.issueledger.command.imports.CasePlanner.CaseState;
import org.issueledger.command.imports.CasePlanner.Plan;
import org.issueledger.command.imports.CasePlanner.Step;
import org.issueledger.events.issue.IssueStatus;
import org.junit.jupiter.api.Test;

/** How the BPI 2013 states become our commands (the rules in the built-in mapping). */
class CasePlannerTest {

    private final CasePlanner planner = new CasePlanner(ImportMapping.builtIn("bpi2013"), () -> at -> null);
    private final CaseState state = new CaseState(planner.issueIdOf("1-1"));
    private int index;

    @Test
    void firstEventCreatesTheIssueThenAppliesItsOwnState() {
        assertThat(verbs("Accepted/In Progress", "ana", "V30")).containsExactly("create", "assign", "start");
        assertThat(state.status).isEqualTo(IssueStatus.IN_PROGRESS);
    }

    @Test
    void waitSubStatusesAreHoldsAndWorkAfterAHoldResumes() {
        verbs("Accepted/In Progress", "ana", "V30");
        assertThat(verbs("Accepted/Wait - User", "ana", "V30")).containsExactly("hold");
        assertThat(verbs("Accepted/Wait - Vendor", "ana", "V30")).as("already on hold").isEmpty();
        assertThat(verbs("Accepted/In Progress", "ana", "V30")).containsExactly("resume");
    }

    @Test
    void aMoveToASecondOrThirdLineTeamIsAnEscalation() {
        verbs("Accepted/In Progress", "ana", "V30");
        assertThat(verbs("Queued/Awaiting Assignment", "ana", "V5 2nd")).containsExactly("escalate");
        assertThat(verbs("Queued/Awaiting Assignment", "ana", "V30")).as("back to first line").isEmpty();
        assertThat(verbs("Accepted/In Progress", "bo", "V7 3rd")).containsExactly("assign", "escalate");
    }

    @Test
    void closingAnIssueInWorkResolvesItFirstAndActivityAfterCompletionReopens() {
        verbs("Accepted/In Progress", "ana", "V30");
        assertThat(verbs("Completed/In Call", "ana", "V30")).containsExactly("resolve");
        assertThat(verbs("Completed/Closed", "ana", "V30")).containsExactly("close");
        assertThat(verbs("Completed/Resolved", "ana", "V30")).as("already completed").isEmpty();
        assertThat(verbs("Queued/Awaiting Assignment", "ana", "V30")).containsExactly("reopen");
        assertThat(verbs("Accepted/Wait", "ana", "V30")).containsExactly("hold");
        assertThat(verbs("Completed/Closed", "ana", "V30")).containsExactly("resume", "resolve", "close");
    }

    @Test
    void unmappedStateIsRefusedAndUnmatchedIsSkipped() {
        verbs("Accepted/In Progress", "ana", "V30");
        Plan unknown = plan("Accepted/Dreaming", "ana", "V30");
        assertThat(unknown.rejection()).isEqualTo("no mapping for source state 'Accepted/Dreaming'");
        assertThat(plan("Unmatched/Unmatched", "ana", "V30").skipped()).isTrue();
    }

    private List<String> verbs(String sourceState, String owner, String team) {
        return plan(sourceState, owner, team).steps().stream().map(Step::verb).toList();
    }

    private Plan plan(String sourceState, String owner, String team) {
        int i = index++;
        return planner.plan(state, new SourceEvent("1-1", i, "line " + i, Instant.parse("2012-01-01T00:00:00Z").plusSeconds(60L * i),
                sourceState, owner, team, "Medium", "PROD1", owner, null, null, null));
    }
}
