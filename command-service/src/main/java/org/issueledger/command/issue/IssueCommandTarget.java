package org.issueledger.command.issue;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;
import org.springframework.stereotype.Component;

/**
 * Which issue a command is for: its {@code issueId}, read through the {@link IssueCommand} interface.
 * Axon's default resolver finds the {@code @TargetAggregateIdentifier} by walking the command class's
 * fields and methods and their annotations on every single command (no cache); on the bulk import that
 * reflection was about 5 % of the importing threads' CPU. Same answer (the id, no expected version), so
 * the {@code @TargetAggregateIdentifier} annotations stay for the test fixtures, which use the default.
 */
@Component("issueCommandTarget")
class IssueCommandTarget implements CommandTargetResolver {

    private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        if (command.getPayload() instanceof IssueCommand issueCommand && issueCommand.issueId() != null) {
            return new VersionedAggregateIdentifier(issueCommand.issueId(), null);
        }
        if (command.getPayload() instanceof ImportCaseSteps steps) {
            return new VersionedAggregateIdentifier(steps.issueId(), null);
        }
        if (command.getPayload() instanceof ImportNewCase steps) {
            return new VersionedAggregateIdentifier(steps.issueId(), null);
        }
        return annotations.resolveTarget(command); // and its usual answer to a command without a target
    }
}
