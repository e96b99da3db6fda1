package org.issueledger.query.replay;

import org.issueledger.query.consuming.EnvelopeReader;
import org.issueledger.query.consuming.KafkaSettings;
import org.issueledger.query.consuming.ReadModelLock;
import org.issueledger.query.consuming.ReplayFilter;
import org.issueledger.query.consuming.StoredOffsets;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class RebuildConfiguration {

    @Bean
    Rebuild.Dependencies rebuildDependencies(KafkaSettings kafka, EnvelopeReader reader, FreshTables fresh,
                                             RebuildRuns runs, ReadModelLock lock, StoredOffsets offsets,
                                             TransactionTemplate transaction, JdbcClient jdbc,
                                             ReplayFilter liveSetAside) {
        return new Rebuild.Dependencies(kafka, reader, fresh, runs, lock, offsets, transaction, jdbc, liveSetAside);
    }
}
