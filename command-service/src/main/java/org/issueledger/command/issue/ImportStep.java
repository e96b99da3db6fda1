package org.issueledger.command.issue;

import org.axonframework.messaging.MetaData;

/**
 * One imported command inside a case's batch of steps.
 *
 * @param eventMetadata what the events it causes carry: the correlation data the command would give its events had
 *                      it been sent on its own (its own command id as command and causation id, its actor, source,
 *                      correlation id and import origin), so the stored events cannot tell the two paths apart
 * @param nextCommandAt the business time of the issue's next command, as the {@link IssueCommands#NEXT_COMMAND_AT}
 *                      metadata of a command sent on its own; null when none follows
 */
record ImportStep(IssueCommand command, MetaData eventMetadata, String nextCommandAt) {
}
