package org.issueledger.query.issueview;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.issueledger.events.EventEnvelope;
import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.CoHandlerAdded;
import org.issueledger.events.issue.CoHandlerRemoved;
import org.issueledger.events.issue.CommentAdded;
import org.issueledger.events.issue.IssueAcknowledged;
import org.issueledger.events.issue.IssueCancelled;
import org.issueledger.events.issue.IssuePutOnHold;
import org.issueledger.events.issue.IssueReclassified;
import org.issueledger.events.issue.IssueReopened;
import org.issueledger.events.issue.IssueResumed;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.issue.PriorityChanged;
import org.issueledger.events.issue.ResolutionAccepted;
import org.issueledger.events.issue.ResolutionRejected;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Events straight into the projection, rows out of the real PostgreSQL. */
class IssueViewProjectionTest extends QueryServiceTestSupport {

    @Autowired
    IssueViewProjection projection;

    @Autowired
    IssueViews views;

    private final IssueTimeline issue = new IssueTimeline();

    @Test
    void issueWalksTheWholeLifecycleFromOpenToClosed() {
        EventEnvelope created = apply(issue.created());
        IssueView view = view();
        assertThat(view.status()).isEqualTo(IssueStatus.OPEN);
        assertThat(view.title()).isEqualTo("Disk full on db-7");
        assertThat(view.priority()).isEqualTo(Priority.P2);
        assertThat(view.team()).isEqualTo("ops");
        assertThat(view.reporter()).isEqualTo("zabbix");
        assertThat(view.createdAt()).isEqualTo(created.occurredAt());
        assertThat(view.coHandlers()).isEmpty();

        apply(issue.assigned("bo", null, 0));
        assertThat(view().status()).isEqualTo(IssueStatus.ASSIGNED);
        assertThat(view().owner()).isEqualTo("bo");

        apply(issue.next(new CoHandlerAdded(issue.issueId(), "cy", issue.tick(), "bo")));
        apply(issue.next(new CoHandlerAdded(issue.issueId(), "dee", issue.tick(), "bo")));
        apply(issue.next(new CoHandlerRemoved(issue.issueId(), "cy", issue.tick(), "bo")));
        assertThat(view().coHandlers()).containsExactly("dee");

        EventEnvelope acknowledged = apply(issue.next(new IssueAcknowledged(issue.issueId(), issue.tick(), "bo")));
        assertThat(view().firstResponseAt()).isEqualTo(acknowledged.occurredAt());

        apply(issue.next(new WorkStarted(issue.issueId(), issue.tick(), "bo")));
        assertThat(view().status()).isEqualTo(IssueStatus.IN_PROGRESS);

        apply(issue.next(new PriorityChanged(issue.issueId(), Priority.P1, Priority.P2, issue.tick(), "ana")));
        apply(issue.next(new IssueReclassified(issue.issueId(), "network", "switch", "infrastructure", "storage",
                issue.tick(), "ana")));
        assertThat(view().priority()).isEqualTo(Priority.P1);
        assertThat(view().category()).isEqualTo("network");
        assertThat(view().component()).isEqualTo("switch");

        apply(issue.next(new IssuePutOnHold(issue.issueId(), "waiting for vendor", issue.tick(), "bo")));
        assertThat(view().status()).isEqualTo(IssueStatus.ON_HOLD);
        apply(issue.next(new IssueResumed(issue.issueId(), issue.tick(), "bo")));
        assertThat(view().status()).isEqualTo(IssueStatus.IN_PROGRESS);

        apply(issue.escalated(1, 0));
        assertThat(view().escalationLevel()).isEqualTo(1);

        apply(issue.resolved());
        assertThat(view().status()).isEqualTo(IssueStatus.RESOLVED);
        apply(issue.next(new ResolutionRejected(issue.issueId(), "still full", 1, issue.tick(), "zabbix")));
        assertThat(view().status()).isEqualTo(IssueStatus.IN_PROGRESS);
        assertThat(view().reopenCount()).isEqualTo(1);
        assertThat(view().resolvedAt()).isNull();

        EventEnvelope resolved = apply(issue.resolved());
        apply(issue.next(new ResolutionAccepted(issue.issueId(), "ok now", issue.tick(), "zabbix")));
        assertThat(view().status()).isEqualTo(IssueStatus.RESOLVED);
        assertThat(view().resolvedAt()).isEqualTo(resolved.occurredAt());
        assertThat(view().resolutionCode()).isEqualTo("FIXED");

        EventEnvelope closed = apply(issue.closed(5));
        view = view();
        assertThat(view.status()).isEqualTo(IssueStatus.CLOSED);
        assertThat(view.closedAt()).isEqualTo(closed.occurredAt());
        assertThat(view.closeCode()).isEqualTo("DONE");
        assertThat(view.satisfaction()).isEqualTo(5);
        assertThat(view.owner()).isEqualTo("bo");
        assertThat(view.lastSequence()).isEqualTo(closed.sequence());
        assertThat(view.lastOccurredAt()).isEqualTo(closed.occurredAt());
        assertThat(view.lastGlobalPosition()).isEqualTo(closed.globalPosition());
        assertThat(view.updatedAt()).isEqualTo(closed.recordedAt());
    }

    @Test
    void reassigningAnIssueAlreadyInWorkChangesTheOwnerButNotTheStatus() {
        apply(issue.created());
        apply(issue.assigned("bo", null, 0));
        apply(issue.next(new WorkStarted(issue.issueId(), issue.tick(), "bo")));
        apply(issue.next(new IssuePutOnHold(issue.issueId(), "waiting for customer", issue.tick(), "bo")));

        apply(issue.assigned("cy", "bo", 1));

        assertThat(view().status()).isEqualTo(IssueStatus.ON_HOLD);
        assertThat(view().owner()).isEqualTo("cy");
        assertThat(view().reassignments()).isEqualTo(1);
    }

    @Test
    void reopenedIssueIsBackInWorkAndNoLongerResolvedOrClosed() {
        apply(issue.created());
        apply(issue.assigned("bo", null, 0));
        apply(issue.next(new WorkStarted(issue.issueId(), issue.tick(), "bo")));
        apply(issue.resolved());
        apply(issue.closed(2));

        apply(issue.next(new IssueReopened(issue.issueId(), "came back", 1, issue.tick(), "zabbix")));

        IssueView view = view();
        assertThat(view.status()).isEqualTo(IssueStatus.IN_PROGRESS);
        assertThat(view.reopenCount()).isEqualTo(1);
        assertThat(view.resolvedAt()).isNull();
        assertThat(view.closedAt()).isNull();
        assertThat(view.satisfaction()).isNull();
    }

    @Test
    void cancelledDuplicateNamesTheIssueItDuplicates() {
        UUID original = UUID.randomUUID();
        apply(issue.created());

        EventEnvelope cancelled = apply(issue.next(new IssueCancelled(issue.issueId(), CancelReason.DUPLICATE, original,
                "same disk", issue.tick(), "ana")));

        IssueView view = view();
        assertThat(view.status()).isEqualTo(IssueStatus.CANCELLED);
        assertThat(view.cancelReason()).isEqualTo(CancelReason.DUPLICATE);
        assertThat(view.duplicateOf()).isEqualTo(original);
        assertThat(view.cancelledAt()).isEqualTo(cancelled.occurredAt());
    }

    @Test
    void firstResponseIsTheEarliestResponseWhateverComesLater() {
        apply(issue.created());
        apply(issue.next(new CommentAdded(issue.issueId(), "internal note", false, false, issue.tick(), "bo")));
        assertThat(view().firstResponseAt()).isNull();

        EventEnvelope firstAnswer = apply(issue.next(new CommentAdded(issue.issueId(), "on it", true, true,
                issue.tick(), "bo")));
        apply(issue.next(new IssueAcknowledged(issue.issueId(), issue.tick(), "bo")));

        assertThat(view().firstResponseAt()).isEqualTo(firstAnswer.occurredAt());
    }

    @Test
    void redeliveredEventIsAppliedOnce() {
        apply(issue.created());
        EventEnvelope assigned = apply(issue.assigned("bo", null, 0));
        EventEnvelope escalated = apply(issue.escalated(1, 0));
        IssueView before = view();

        apply(assigned);
        apply(escalated);
        apply(escalated);

        assertThat(view()).isEqualTo(before);
    }

    @Test
    void eventsOfAnIssueNeverCreatedChangeNothing() {
        issue.created(); // not delivered: e.g. lost to retention before this read model was built

        apply(issue.assigned("bo", null, 0));

        assertThat(views.find(issue.issueId())).isEmpty();
    }

    private EventEnvelope apply(EventEnvelope envelope) {
        projection.apply(IssueTimeline.consumed(envelope));
        return envelope;
    }

    private IssueView view() {
        return views.find(issue.issueId()).orElseThrow();
    }
}
