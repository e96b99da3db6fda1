package org.issueledger.query.issueview;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.issue.CancelReason;
import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;

/** One row of {@code issue_view}: the current state of an issue. */
record IssueView(UUID issueId, String title, String description, String category, String component,
                 Priority priority, String team, String reporter, IssueStatus status, String owner,
                 List<String> coHandlers, int escalationLevel, int reassignments, int reopenCount,
                 Instant createdAt, Instant firstResponseAt, Instant resolvedAt, String resolutionCode,
                 Instant closedAt, String closeCode, Integer satisfaction, Instant cancelledAt,
                 CancelReason cancelReason, UUID duplicateOf, long lastSequence, Instant lastOccurredAt,
                 long lastGlobalPosition, Instant updatedAt) {
}
