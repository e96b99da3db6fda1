package org.issueledger.command.issue;

import java.util.List;
import java.util.UUID;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The planned steps of one source case in one import batch, for an issue that exists: handled in one invocation
 * of the aggregate, step by step, by the handlers each step's command has on its own ({@link ImportStep}).
 */
record ImportCaseSteps(@TargetAggregateIdentifier UUID issueId, List<ImportStep> steps) {
}
