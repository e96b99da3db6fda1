package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.query.SampleEvents;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Java 17 cannot make the projection's dispatch an exhaustive switch, so this test is the guard: every class
 * {@code IssueEvent} permits, today's and any added later, must go through the SLA projection and move the issue's
 * guard on.
 */
class SlaProjectionHandlesEveryEventTest extends QueryServiceTestSupport {

    @Autowired
    SlaProjection projection;

    @Test
    void everyPermittedIssueEventIsHandledByTheSlaReadModel() {
        IssueTimeline issue = new IssueTimeline();
        for (Class<? extends IssueEvent> type : SampleEvents.permittedTypes()) {
            EventEnvelope envelope = issue.next(SampleEvents.sample(type, issue.issueId(), issue.tick()));

            assertThatCode(() -> projection.apply(IssueTimeline.consumed(envelope)))
                    .as(type.getSimpleName())
                    .doesNotThrowAnyException();
            assertThat(guard(issue.issueId())).as(type.getSimpleName()).isEqualTo(envelope.sequence());
        }
    }

    private long guard(UUID issueId) {
        return jdbc.sql("SELECT last_sequence FROM sla_issue WHERE issue_id = :issueId")
                .param("issueId", issueId)
                .query(Long.class)
                .single();
    }
}
