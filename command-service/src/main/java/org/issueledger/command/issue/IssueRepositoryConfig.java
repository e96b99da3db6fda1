package org.issueledger.command.issue;

import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The issues' repository: Axon's event sourcing, with the issues last saved kept in memory ({@link CachedIssueRepository}). */
@Configuration(proxyBeanMethods = false)
class IssueRepositoryConfig {

    /**
     * The aggregate's handlers are inspected with Axon's own parameter resolvers and handler enhancers (the
     * DeadlineManager and {@code @MetaDataValue} parameters, the handler timeouts of {@code application.yml}), as
     * Axon's default repository would.
     */
    @Bean
    Repository<Issue> issueRepository(EventStore eventStore, org.axonframework.config.Configuration axon,
                                      @Value("${issueledger.commands.kept-issues:20000}") int keptIssues) {
        return new CachedIssueRepository(EventSourcingRepository.builder(Issue.class)
                .parameterResolverFactory(axon.parameterResolverFactory())
                .handlerDefinition(axon.handlerDefinition(Issue.class)), eventStore, keptIssues);
    }
}
