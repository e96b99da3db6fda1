package org.issueledger.command.config;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.issueledger.command.audit.HashChainingEventStorageEngine;
import org.issueledger.command.audit.StoredFormSerializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Axon without Axon Server: the event store and the processors' tokens live in PostgreSQL.
 *
 * <p>Every JDBC piece is declared here because Axon's JDBC auto-configuration turns itself off on
 * Spring Boot 4 when JPA is absent, and because its defaults are wrong for PostgreSQL in two ways:
 * the default duplicate-key detector only knows {@code SQLIntegrityConstraintViolationException}
 * (the PostgreSQL driver reports SQLState 23505 instead), and the default schema would let the
 * framework create its own tables, which Flyway owns here.
 */
@org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
class AxonConfig {

    /** Rows per read of the event store; the relay's batch (axon.eventhandling.processors.kafka-relay.batch-size). */
    static final int EVENT_FETCH_ROWS = 1000;

    /** PostgreSQL's SQLState for a unique-constraint violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    /**
     * Two writers appending the same (issue, sequence) collide on the unique key; reporting that as a
     * duplicate key makes Axon raise a ConcurrencyException, which the gateway retries.
     */
    @Bean
    PersistenceExceptionResolver persistenceExceptionResolver() {
        return exception -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                    return true;
                }
            }
            return false;
        };
    }

    @Bean
    EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                          Serializer serializer, Configuration configuration,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        // Built by hand rather than by Builder.build(): the engine is the hash-chaining subclass.
        return new HashChainingEventStorageEngine(JdbcEventStorageEngine.builder()
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build())
                .eventSerializer(eventSerializer)
                // Rows per query when a tracking processor reads the store (and per page of an aggregate's
                // events). Axon's 100 made the Kafka relay, when behind, run ten queries — each waiting for a
                // pooled connection behind the request threads — for one of its 1,000-event batches.
                .batchSize(EVENT_FETCH_ROWS)
                .maxGapOffset(HashChainingEventStorageEngine.MAX_GAP_OFFSET)
                .lowestGlobalSequence(HashChainingEventStorageEngine.LOWEST_GLOBAL_SEQUENCE)
                .gapTimeout(HashChainingEventStorageEngine.GAP_TIMEOUT_MS)
                .snapshotSerializer(serializer)
                .upcasterChain(configuration.upcasterChain())
                .snapshotFilter(configuration.snapshotFilter())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .dataType(byte[].class), transactionManager);
    }

    /**
     * Axon's embedded event store, as its auto-configuration builds it, but with every tracking processor reading the
     * store on its own ({@code optimizeEventConsumption(false)}). With the shared reader Axon keeps the last 10,000
     * events in memory for the processors that keep up; with three processors at different distances from the head
     * (the relay, webhooks and assignment rules during a bulk import) those events lived long enough to be promoted,
     * and the command-service's GC took ~5× the CPU (bench/README, branch assign10). Measured in 300,000-event imports
     * side by side: the import took 31 % less time, the command-service 23 % less CPU up to its completion, and every
     * event was relayed sooner (bench/README, session 10).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, Configuration configuration) {
        return EmbeddedEventStore.builder()
                .storageEngine(storageEngine)
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .optimizeEventConsumption(false)
                .build();
    }

    @Bean
    TokenStore tokenStore(ConnectionProvider connectionProvider, Serializer serializer,
                          @Value("${axon.eventhandling.tokenstore.claim-timeout:10s}") Duration claimTimeout) {
        return TokenTable.store(connectionProvider, serializer, claimTimeout);
    }

    /**
     * Jackson 2 for everything Axon stores (never XStream, never default typing). Unknown properties
     * are tolerated so that an older reader survives a newer, compatible event. Stored metadata in the engine's plain
     * form is read back by hand ({@link StoredFormSerializer}: the same {@code MetaData}, for a fraction of the cost).
     */
    @Bean
    @Primary
    Serializer serializer() {
        return new StoredFormSerializer(JacksonSerializer.builder().objectMapper(storeObjectMapper()));
    }

    @Bean
    @Qualifier("eventSerializer")
    Serializer eventSerializer() {
        return serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    Serializer messageSerializer() {
        return serializer();
    }

    private static ObjectMapper storeObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .registerModule(InstantJson.module())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
