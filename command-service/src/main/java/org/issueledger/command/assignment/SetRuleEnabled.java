package org.issueledger.command.assignment;

import java.time.Instant;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

record SetRuleEnabled(@TargetAggregateIdentifier String bookId, UUID ruleId, boolean enabled, Instant occurredAt,
                      String actor) {
}
