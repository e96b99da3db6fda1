package org.issueledger.command.assignment;

import java.time.Instant;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.issueledger.events.assignment.AssignmentRule;

/**
 * Creates ({@code mustExist} false) or replaces ({@code mustExist} true) one rule as a whole. A null
 * {@code order} on creation puts the rule last; on replacement keeps its place.
 */
record DefineRule(@TargetAggregateIdentifier String bookId, AssignmentRule rule, Integer order, boolean mustExist,
                  Instant occurredAt, String actor) {
}
