package org.issueledger.command.config;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.DeadlineManagerSpanFactory;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.serialization.Serializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * A persistent timer for Axon's DeadlineManager: db-scheduler on the command side's PostgreSQL (never
 * the in-memory manager, whose timers a restart would lose). Given this Scheduler bean, Axon's own
 * auto-configuration builds the deadlines' task; the manager is Axon's, built as its auto-configuration
 * would, but cancelling an issue's deadlines by key ({@link KeyedDeadlineManager}). Several instances share
 * the table; each due task is picked by exactly one of them.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfig {

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
                                @Value("${issueledger.deadlines.polling-interval:1s}") Duration pollingInterval) {
        // Deadlines are scheduled while a command's transaction is open. Through this proxy the scheduler
        // writes on that transaction's connection: the deadline commits or rolls back with the events that
        // set it, and a command never waits for a second pooled connection while holding one (with as many
        // concurrent commands as connections, that wait starved the pool). Its own polling, outside any
        // transaction, gets plain pooled connections.
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .tableName("scheduled_tasks")
                .pollingInterval(pollingInterval)
                .threads(2)
                .build();
    }

    /**
     * As Axon's auto-configuration builds it (which steps back for this bean; the deadlines' task finds it as
     * the application context's DbSchedulerDeadlineManager), the scheduler started and stopped below.
     */
    @Bean
    DeadlineManager deadlineManager(Scheduler deadlineScheduler, org.axonframework.config.Configuration configuration,
                                    Serializer serializer, TransactionManager transactionManager,
                                    DeadlineManagerSpanFactory spanFactory, JdbcTemplate jdbc) {
        return new KeyedDeadlineManager(DbSchedulerDeadlineManager.builder()
                .scheduler(deadlineScheduler)
                .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                .serializer(serializer)
                .transactionManager(transactionManager)
                .spanFactory(spanFactory)
                .startScheduler(false)
                .stopScheduler(false), jdbc);
    }

    /**
     * Starts the timer only once everything else runs (a deadline handler needs the whole Axon
     * configuration), and stops it first on shutdown.
     */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler deadlineScheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                deadlineScheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                deadlineScheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 1_000;
            }
        };
    }
}
