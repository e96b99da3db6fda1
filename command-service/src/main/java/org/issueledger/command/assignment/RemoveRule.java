package org.issueledger.command.assignment;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record RemoveRule(@TargetAggregateIdentifier String bookId, UUID ruleId, Instant occurredAt, String actor) {
}
