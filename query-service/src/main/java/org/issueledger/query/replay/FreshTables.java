package org.issueledger.query.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.issueledger.query.consuming.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger log = LoggerFactory.getLogger(FreshTables.class);
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

    /**
     * As {@link #create}, for a replay that writes many rows before anyone reads them: the tables are made
     * {@code UNLOGGED} (no WAL for each row) and lose their secondary indexes (plain, non-unique ones, which no
     * projection needs while writing: unique ones stay, since the guards' lookups and {@code ON CONFLICT} need them)
     * and their foreign keys.
     * {@link #completeBulkLoad} must run before the tables are read or swapped in: it builds the indexes in one
     * pass each, which costs far less than keeping them up to date row by row, and makes the tables logged again.
     *
     * @return what {@link #completeBulkLoad} has to do
     */
    BulkLoad createForBulkLoad(String schema, Collection<ReadModel> models) {
        create(schema, models);
        Map<String, List<String>> indexes = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT quote_ident(c.relname) AS name, t.relname AS table_name,
                               pg_get_indexdef(i.indexrelid) AS definition
                          FROM pg_index i
                          JOIN pg_class c ON c.oid = i.indexrelid
                          JOIN pg_class t ON t.oid = i.indrelid
                         WHERE c.relnamespace = CAST(:schema AS regnamespace)
                           AND NOT i.indisunique
                           AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                         ORDER BY c.relname
                        """)
                .param("schema", schema)
                .query((rs, row) -> List.of(rs.getString("name"), rs.getString("table_name"), rs.getString("definition")))
                .list()
                .forEach(index -> {
                    indexes.computeIfAbsent(index.get(1), table -> new ArrayList<>()).add(index.get(2));
                    jdbc.sql("DROP INDEX " + schema + "." + index.get(0)).update();
                });
        // A logged table may not reference an unlogged one: unlogged from the referencing tables on, logged again
        // from the referenced ones on. Autovacuum off meanwhile: it would vacuum and analyze tables that only grow
        // and that nobody reads yet, beside the replay (seen in a quarter of the samples of a 1M rebuild).
        Map<String, List<String>> references = references(schema);
        List<String> referencingFirst = tablesReferencingFirst(schema, references);
        Map<String, List<String>> foreignKeys = dropForeignKeys(schema);
        Set<String> logged = models.stream().flatMap(model -> model.loggedInReplay().stream())
                .collect(Collectors.toSet());
        referencingFirst.forEach(table -> jdbc.sql("ALTER TABLE " + schema + "." + quoted(table)
                + (logged.contains(table) ? " SET" : " SET UNLOGGED, SET") + " (autovacuum_enabled = false)").update());
        Set<String> unlogged = referencingFirst.stream().filter(table -> !logged.contains(table))
                .collect(Collectors.toSet());
        List<String> referencedFirst = new ArrayList<>(referencingFirst);
        Collections.reverse(referencedFirst);
        List<ReadModel> derived = models.stream()
                .filter(model -> !model.derived().isEmpty() || !model.staging().isEmpty()).toList();
        return new BulkLoad(schema, indexes, foreignKeys, referencedFirst, references, derived, unlogged);
    }

    /**
     * Drops the foreign keys of {@code schema}'s tables and answers, per table, the statements that add them back.
     * Checked row by row, a foreign key cost a lookup and a row lock in the referenced table for every row appended
     * ({@code sla_clock}: 15 s of a 1M-event rebuild); added back once the tables are complete, it is checked in one
     * join. The projections write only rows of issues they hold, so the check at the end finds nothing; if it did,
     * the rebuild would fail there rather than swap in.
     */
    private Map<String, List<String>> dropForeignKeys(String schema) {
        Map<String, List<String>> foreignKeys = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT t.relname AS table_name, quote_ident(k.conname) AS name,
                               pg_get_constraintdef(k.oid) AS definition
                          FROM pg_constraint k
                          JOIN pg_class t ON t.oid = k.conrelid
                         WHERE k.contype = 'f' AND k.connamespace = CAST(:schema AS regnamespace)
                         ORDER BY t.relname, k.conname
                        """)
                .param("schema", schema)
                .query((rs, row) -> List.of(rs.getString("table_name"), rs.getString("name"),
                        rs.getString("definition")))
                .list()
                .forEach(key -> {
                    String table = schema + "." + quoted(key.get(0));
                    jdbc.sql("ALTER TABLE " + table + " DROP CONSTRAINT " + key.get(1)).update();
                    foreignKeys.computeIfAbsent(key.get(0), t -> new ArrayList<>())
                            .add("ALTER TABLE " + table + " ADD CONSTRAINT " + key.get(1) + " " + key.get(2));
                });
        return foreignKeys;
    }

    /**
     * Completes what {@link #createForBulkLoad} deferred, once the replay has caught up, so that the tables can be
     * read and swapped in: fills the derived tables from the others (emptied first), makes every table logged again
     * (which rewrites it once, with its unique indexes), builds the deferred indexes in one pass each (after
     * {@code SET LOGGED}, which would otherwise rebuild them all once more), analyzes the tables and gives them back
     * to autovacuum.
     *
     * <p>On {@value #WORKERS} connections at once: each statement is one PostgreSQL backend on one core, and the
     * tables are independent but for their foreign keys (a table is made logged only after those it references) and
     * their model's derived tables (filled before any table of that model is made logged).
     */
    void completeBulkLoad(BulkLoad load) {
        String schema = checked(load.schema());
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS, runnable -> {
            Thread thread = new Thread(runnable, "bulk-load-" + schema);
            thread.setDaemon(true);
            return thread;
        });
        try {
            // Derived tables first, while every table of their model is still unlogged; in declared order within one
            // read model. The models' tables go on each as soon as their own model is filled (no barrier across
            // models: the audit trail, with nothing to derive, is made logged and indexed meanwhile).
            List<CompletableFuture<Void>> all = new ArrayList<>();
            Map<String, CompletableFuture<Void>> filled = new LinkedHashMap<>();
            for (ReadModel model : load.derived()) {
                CompletableFuture<Void> fill = CompletableFuture.runAsync(() -> within(schema, () -> {
                    // Grouping hundreds of thousands of staged rows: with the default 4 MB every fill's hash
                    // aggregate or sort spilled to disk (21-65 batches, 10-40 MB written and read back).
                    jdbc.sql("SELECT set_config('work_mem', :memory, true)").param("memory", SORT_MEMORY)
                            .query().listOfRows();
                    // Emptied once each: a table may be filled by several statements, a later one summing
                    // what an earlier one wrote.
                    model.derived().stream().map(ReadModel.Derived::table).distinct().forEach(table ->
                            jdbc.sql("DELETE FROM " + schema + "." + quoted(table)).update());
                    for (ReadModel.Derived table : model.derived()) {
                        timed("filled derived table " + table.table(), () -> jdbc.sql(table.fill()).update());
                    }
                    // Summed into their counters now; swapped in empty, as the live ones always are.
                    model.staging().forEach(table ->
                            jdbc.sql("TRUNCATE " + schema + "." + quoted(table)).update());
                    return null;
                }), workers);
                all.add(fill);
                // Every table of the model waits: SET LOGGED would otherwise queue behind a fill reading the table.
                model.tables().forEach(table -> filled.put(table, fill));
            }
            Map<String, CompletableFuture<Void>> logged = new LinkedHashMap<>();
            for (String table : load.referencedFirst()) {
                CompletableFuture<?>[] before = Stream.concat(
                                load.references().getOrDefault(table, List.of()).stream().map(logged::get),
                                Stream.of(filled.get(table)))
                        .filter(Objects::nonNull)
                        .toArray(CompletableFuture<?>[]::new);
                CompletableFuture<Void> done = CompletableFuture.allOf(before).thenRunAsync(() -> {
                    if (load.unlogged().contains(table)) {
                        timed("made " + table + " logged",
                                () -> sorting("ALTER TABLE " + schema + "." + quoted(table) + " SET LOGGED"));
                    }
                }, workers);
                logged.put(table, done);
                all.add(done);
                List<CompletableFuture<Void>> indexed = new ArrayList<>();
                for (String index : load.indexes().getOrDefault(table, List.of())) {
                    indexed.add(done.thenRunAsync(() -> timed(index, () -> sorting(index)), workers));
                }
                // Once the tables it references are logged too (done waits for them): a logged table may not
                // reference an unlogged one.
                // The definition names the referenced table as the catalog printed it: resolved in the fresh schema.
                for (String key : load.foreignKeys().getOrDefault(table, List.of())) {
                    indexed.add(done.thenRunAsync(() -> timed(key, () -> within(schema, () -> jdbc.sql(key).update())),
                            workers));
                }
                all.addAll(indexed);
                indexed.add(done);
                // Analyzed now, so that the first queries after the swap are planned with statistics.
                all.add(CompletableFuture.allOf(indexed.toArray(CompletableFuture<?>[]::new)).thenRunAsync(() -> timed(
                        "analyzed " + table, () -> {
                            jdbc.sql("ALTER TABLE " + schema + "." + quoted(table) + " RESET (autovacuum_enabled)")
                                    .update();
                            jdbc.sql("ANALYZE " + schema + "." + quoted(table)).update();
                        }), workers));
            }
            await(all);
        } finally {
            workers.shutdownNow();
        }
    }

    private static final int WORKERS = 2;
    /**
     * For building an index (and {@code SET LOGGED}, which rebuilds the table's unique ones): the default 64 MB makes
     * a sort of the audit trail's million rows spill to disk; and for the sorts and hash tables of the derived tables'
     * fills. Per statement, on at most {@value #WORKERS} backends.
     */
    private static final String SORT_MEMORY = "256MB";

    /** Runs {@code ddl} in a transaction of its own, with {@link #SORT_MEMORY} for its sorts. */
    private void sorting(String ddl) {
        transaction.executeWithoutResult(status -> {
            jdbc.sql("SELECT set_config('maintenance_work_mem', :memory, true)").param("memory", SORT_MEMORY)
                    .query().listOfRows();
            jdbc.sql(ddl).update();
        });
    }
    /** A step of {@link #completeBulkLoad} that takes longer than this is logged: where a rebuild's last phase goes. */
    private static final long LOGGED_STEP_NANOS = 1_000_000_000L;

    private static void timed(String step, Runnable work) {
        long start = System.nanoTime();
        work.run();
        long nanos = System.nanoTime() - start;
        if (nanos >= LOGGED_STEP_NANOS) {
            log.info("Bulk load completion: {} in {} s", step, String.format("%.1f", nanos / 1e9));
        }
    }

    private static void await(List<? extends CompletableFuture<?>> tasks) {
        try {
            CompletableFuture.allOf(tasks.toArray(CompletableFuture<?>[]::new)).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** For each table of {@code schema}, the other tables of it that it references by a foreign key. */
    private Map<String, List<String>> references(String schema) {
        Map<String, List<String>> references = new LinkedHashMap<>();
        jdbc.sql("""
                        SELECT src.relname AS referencing, dst.relname AS referenced
                          FROM pg_constraint k
                          JOIN pg_class src ON src.oid = k.conrelid
                          JOIN pg_class dst ON dst.oid = k.confrelid
                         WHERE k.contype = 'f' AND k.connamespace = CAST(:schema AS regnamespace)
                           AND k.conrelid <> k.confrelid
                        """)
                .param("schema", schema)
                .query((rs, row) -> Map.entry(rs.getString("referencing"), rs.getString("referenced")))
                .list()
                .forEach(reference -> references.computeIfAbsent(reference.getKey(), t -> new ArrayList<>())
                        .add(reference.getValue()));
        return references;
    }

    /** The tables of {@code schema}, every one before those it references by a foreign key. */
    private List<String> tablesReferencingFirst(String schema, Map<String, List<String>> references) {
        List<String> tables = new ArrayList<>(tablesIn(schema));
        List<String> ordered = new ArrayList<>();
        while (!tables.isEmpty()) {
            // Next: a table that no table still to be placed references.
            String next = tables.stream()
                    .filter(table -> tables.stream().noneMatch(other -> references.getOrDefault(other, List.of())
                            .contains(table)))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("foreign keys in a cycle among " + tables));
            ordered.add(next);
            tables.remove(next);
        }
        return ordered;
    }

    /**
     * What a bulk load of fresh tables deferred: index definitions, the tables to make logged, in order, and the read
     * models with tables to derive or staging tables to empty.
     */
    record BulkLoad(String schema, Map<String, List<String>> indexes, Map<String, List<String>> foreignKeys,
                    List<String> referencedFirst, Map<String, List<String>> references, List<ReadModel> derived,
                    Set<String> unlogged) {
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
