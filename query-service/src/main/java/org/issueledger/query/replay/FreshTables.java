package org.issueledger.query.replay;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.issueledger.query.consuming.ReadModel;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Read-model tables beside the live ones, in a schema of their own, made by the same Flyway migrations
 * so they match the live tables column for column and index for index (Flyway owns every table, these
 * included).
 *
 * <p>Projections name their tables without a schema. Putting the fresh schema first on the search path of
 * one transaction makes the unchanged projection and query code write and read the fresh tables; every
 * table the fresh schema lacks (offsets, dead letters, other read models) still resolves to the live one.
 */
@Component
class FreshTables {

    private static final Pattern SCHEMA_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final String[] locations;
    private volatile Live live;

    FreshTables(DataSource dataSource, JdbcClient jdbc, TransactionTemplate transaction,
                @Value("${spring.flyway.locations:classpath:db/migration}") String[] locations) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.locations = locations.clone();
    }

    /** Creates {@code schema} holding empty tables of the given read models, and nothing else. */
    void create(String schema, Collection<ReadModel> models) {
        checked(schema);
        Flyway.configure()
                .dataSource(dataSource)
                .schemas(schema)
                .locations(locations)
                .load()
                .migrate();
        Set<String> kept = models.stream().flatMap(model -> model.tables().stream()).collect(Collectors.toSet());
        for (String table : tablesIn(schema)) {
            if (!kept.contains(table)) {
                jdbc.sql("DROP TABLE " + schema + "." + quoted(table) + " CASCADE").update();
            }
        }
    }

    /** Runs {@code work} in a transaction that reads and writes the tables of {@code schema}. */
    <T> T within(String schema, Supplier<T> work) {
        return transaction.execute(status -> {
            enter(schema);
            return work.get();
        });
    }

    /** Points the current transaction at the tables of {@code schema}. */
    void enter(String schema) {
        jdbc.sql("SELECT set_config('search_path', :path, true)")
                .param("path", checked(schema) + ", " + live().searchPath())
                .query().listOfRows();
    }

    /**
     * Within the caller's transaction: the live tables of the models move to {@code retired}, the fresh ones
     * take their place. PostgreSQL's DDL is transactional, so readers see either set, never a mix.
     */
    void swapIn(String fresh, String retired, Collection<ReadModel> models) {
        String liveSchema = live().schema();
        jdbc.sql("CREATE SCHEMA " + checked(retired)).update();
        for (ReadModel model : models) {
            for (String table : model.tables()) {
                jdbc.sql("ALTER TABLE " + liveSchema + "." + quoted(table) + " SET SCHEMA " + retired).update();
                jdbc.sql("ALTER TABLE " + checked(fresh) + "." + quoted(table) + " SET SCHEMA " + liveSchema).update();
            }
        }
    }

    void drop(String schema) {
        jdbc.sql("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE").update();
    }

    /** Schemas whose name starts with {@code prefix}: what runs that ended badly left behind. */
    List<String> schemasStartingWith(String prefix) {
        return jdbc.sql("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, :prefix)")
                .param("prefix", prefix)
                .query(String.class)
                .list();
    }

    private List<String> tablesIn(String schema) {
        return jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = :schema")
                .param("schema", schema)
                .query(String.class)
                .list();
    }

    private Live live() {
        Live known = live;
        if (known == null) {
            // Read once, before any transaction of ours changed it: where the live tables are for this
            // connection setup (public, or a schema set in the database URL).
            known = jdbc.sql("SELECT quote_ident(current_schema()) AS schema, current_setting('search_path') AS path")
                    .query((rs, row) -> new Live(rs.getString("schema"), rs.getString("path")))
                    .single();
            live = known;
        }
        return known;
    }

    private static String checked(String schema) {
        if (!SCHEMA_NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("Not a schema name of ours: " + schema);
        }
        return schema;
    }

    private static String quoted(String table) {
        return '"' + table.replace("\"", "\"\"") + '"';
    }

    private record Live(String schema, String searchPath) {
    }
}
