package org.issueledger.command.relay;

import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.issueledger.command.config.TokenTable;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * The relay's own database connections: a small pool beside the service's, for the relay's token (its claim, its
 * position, the transaction of each batch).
 *
 * <p>With the service's one pool the relay queued for a connection behind every request thread twice per batch (to
 * extend its claim and to open the batch's transaction, whose connection it then holds while it waits for the
 * broker's acknowledgements): in a profile of the {@code lag} benchmark its thread spent ten times as long parked in
 * the pool as it spent on the CPU, and fell a minute behind on an idle machine while the request threads were served.
 * The token rows are the same ({@code token_entry}, the same claim rules), so every instance still competes for the one
 * relay claim, and {@link RelayLag} and a re-publish see it as before. The events themselves are still read through the
 * event store (its shared cache and fetch feed the service's other processors too).
 */
final class RelayConnections implements AutoCloseable {

    /** The batch's transaction and a claim extension beside it (the processor's worker and its launcher). */
    static final int POOL_SIZE = 2;

    private final DataSource dataSource;
    private final HikariDataSource owned;

    private RelayConnections(DataSource dataSource, HikariDataSource owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    /**
     * A pool of {@link #POOL_SIZE} with the service pool's settings (URL, user, driver properties …); when the service's
     * data source is not a Hikari pool (nothing here configures another) the relay shares it as before.
     */
    static RelayConnections beside(DataSource service) {
        try {
            if (service.isWrapperFor(HikariDataSource.class)) {
                HikariConfig config = new HikariConfig();
                service.unwrap(HikariDataSource.class).copyStateTo(config);
                config.setPoolName("relay");
                config.setMaximumPoolSize(POOL_SIZE);
                config.setMinimumIdle(1);
                HikariDataSource pool = new HikariDataSource(config);
                return new RelayConnections(pool, pool);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot read the service's connection pool settings", e);
        }
        return new RelayConnections(service, null);
    }

    TransactionManager transactionManager() {
        return new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
    }

    /** The same table, columns and claim rules as the service's token store ({@link TokenTable}), on these connections. */
    TokenStore tokenStore(Serializer serializer, Duration claimTimeout) {
        return TokenTable.store(new UnitOfWorkAwareConnectionProviderWrapper(
                new SpringDataSourceConnectionProvider(dataSource)), serializer, claimTimeout);
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.close();
        }
    }
}
