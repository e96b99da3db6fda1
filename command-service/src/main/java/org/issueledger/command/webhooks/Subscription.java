package org.issueledger.command.webhooks;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.issueledger.events.issue.Priority;

/**
 * A webhook subscription as the admin API shows it. The secret is not part of it: it is write-only, and
 * leaving it out of this type keeps it out of every answer and every log line that prints one.
 *
 * @param pendingDeliveries deliveries waiting to be sent (while PAUSED they wait for a resume)
 */
record Subscription(UUID id, String url, String description, List<String> eventTypes, Filter filter,
                    Status status, String pausedReason, Instant pausedAt, int consecutiveFailures,
                    long pendingDeliveries, Instant createdAt, String createdBy, Instant updatedAt) {

    enum Status { ACTIVE, PAUSED }

    /** Empty lists match everything; an issue without a team never matches a team filter. */
    record Filter(List<String> teams, List<Priority> priorities) {

        static final Filter NONE = new Filter(List.of(), List.of());

        Filter {
            teams = teams == null ? List.of() : List.copyOf(teams);
            priorities = priorities == null ? List.of() : List.copyOf(priorities);
        }
    }
}
