package org.issueledger.events.issue;

import java.time.Instant;
import java.util.UUID;

/**
 * A fact about one issue. Sealed so that a {@code switch} over it, or a test over its permitted
 * subclasses, breaks in every projection that forgets a new event.
 *
 * <p>{@code occurredAt} is business time: supplied by the sender (imports) or stamped by the edge from
 * its clock. The store adds its own record time and global position; the sequence within the issue is
 * the event store's, carried in the envelope.
 */
public sealed interface IssueEvent
        permits IssueCreated, OwnerAssigned, TeamAssigned, CoHandlerAdded, CoHandlerRemoved, IssueAcknowledged,
                WorkStarted, CommentAdded, PriorityChanged, IssueReclassified, IssuePutOnHold, IssueResumed,
                IssueEscalated, IssueResolved, ResolutionAccepted, ResolutionRejected, IssueClosed,
                IssueReopened, IssueCancelled,
                SlaPolicyAttached, SlaClockStarted, SlaClockPaused, SlaClockResumed, SlaWarningReached, SlaBreached,
                SlaClockStopped {

    UUID issueId();

    Instant occurredAt();

    /** Who did it: the authenticated principal, or {@code system:...} for automatic actions. */
    String actor();
}
