package org.issueledger.query.consuming;

import java.time.Instant;

/**
 * How fresh a read-model answer is.
 *
 * @param lastGlobalPosition the highest event-store position applied, null before the first event
 * @param lastRecordedAt     when the event store recorded that event
 * @param lastAppliedAt      when the last batch of events was applied here
 * @param pendingEvents      events waiting in this instance's partitions as last seen by the consumer, null
 *                           when unknown (consumer stopped, not yet assigned, topic not there yet)
 */
public record Freshness(Long lastGlobalPosition, Instant lastRecordedAt, Instant lastAppliedAt, Long pendingEvents) {
}
