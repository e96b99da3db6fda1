package org.issueledger.query.issueview;

import java.time.Instant;
import java.util.UUID;

import org.issueledger.events.issue.IssueStatus;
import org.issueledger.events.issue.Priority;

/** An issue as a line of the issue list: what a list shows and sorts by, without the long texts. */
record IssueSummary(UUID issueId, String title, IssueStatus status, Priority priority, String category,
                    String component, String team, String owner, int escalationLevel, int reopenCount,
                    Instant createdAt, Instant resolvedAt, Instant closedAt, Instant lastOccurredAt) {
}
