package org.issueledger.command.issue;

import java.util.List;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * As {@link ImportCaseSteps}, for a case whose first step creates its issue. A type of its own because Axon decides
 * by the command's type whether the aggregate is created or loaded: created, as {@link CreateIssue} creates it,
 * without asking the store for a history it cannot have; an issue already there fails the append as a second
 * {@code CreateIssue} would.
 */
record ImportNewCase(@TargetAggregateIdentifier UUID issueId, List<ImportStep> steps) {
}
