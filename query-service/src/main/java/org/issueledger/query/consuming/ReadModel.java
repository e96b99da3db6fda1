package org.issueledger.query.consuming;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A read model as the operator names it, and every table it owns. A projection may read and write only
 * these, so that rebuilding one model can never see another model's half-filled tables.
 *
 * <p>Some tables only sum others of the same model (roll-ups kept for the queries): those are {@link #derived}. The
 * live consumer keeps them batch by batch; a replay into empty tables leaves them alone
 * ({@link Projection#replayAll}) and fills each once, with one statement, when it has caught up: a replay that
 * adds to them batch by batch does for every batch what one {@code INSERT … SELECT … GROUP BY} does once.
 *
 * <p>A replay may also append what each batch adds to a counter table to one of the model's {@link #staging} tables
 * (no key, no index: a plain append) instead of adding it to the counters, whose upsert looks every key up in a
 * growing index; the counters are then a derived table summed from the staging rows, which are emptied once that
 * is done. The live consumer never writes a staging table, so outside a replay it is always empty.
 */
public record ReadModel(String name, List<String> tables, List<Derived> derived, List<String> staging,
                        List<String> loggedInReplay) {

    public ReadModel {
        tables = List.copyOf(tables);
        derived = List.copyOf(derived);
        staging = List.copyOf(staging);
        loggedInReplay = List.copyOf(loggedInReplay);
        Set<String> own = Set.copyOf(tables);
        for (Derived table : derived) {
            if (!own.contains(table.table())) {
                throw new IllegalArgumentException(name + " derives " + table.table() + ", not one of its tables");
            }
        }
        for (String table : staging) {
            if (!own.contains(table)) {
                throw new IllegalArgumentException(name + " stages into " + table + ", not one of its tables");
            }
        }
        for (String table : loggedInReplay) {
            if (!own.contains(table)) {
                throw new IllegalArgumentException(name + " keeps " + table + " logged, not one of its tables");
            }
        }
    }

    public static ReadModel of(String name, String... tables) {
        return new ReadModel(name, List.of(tables), List.of(), List.of(), List.of());
    }

    /** The same model, with these of its tables filled from the others after a replay. */
    public ReadModel derivedAfterReplay(Derived... tables) {
        return new ReadModel(name, this.tables,
                Stream.concat(derived.stream(), Stream.of(tables)).collect(Collectors.toList()), staging,
                loggedInReplay);
    }

    /** The same model, with these of its tables appended to by a replay and emptied once the derived tables are filled. */
    public ReadModel stagedInReplay(String... tables) {
        return new ReadModel(name, this.tables, derived,
                Stream.concat(staging.stream(), Stream.of(tables)).collect(Collectors.toList()), loggedInReplay);
    }

    /**
     * The same model, with these of its tables kept logged while a replay fills them (the others are unlogged then,
     * and made logged once it has caught up). For a table a replay only appends to in bulk (COPY): written to the WAL
     * as it is appended, it is written once, where {@code SET LOGGED} would copy the whole table again, into the WAL
     * too, and rebuild its unique indexes.
     */
    public ReadModel keptLoggedInReplay(String... tables) {
        return new ReadModel(name, this.tables, derived, staging,
                Stream.concat(loggedInReplay.stream(), Stream.of(tables)).collect(Collectors.toList()));
    }

    /**
     * A table whose rows follow from the other tables of its model alone: {@code fill} computes every row of it from
     * them (an {@code INSERT INTO table … SELECT …}, table names without a schema), exactly the rows that keeping it
     * batch by batch leaves, zero rows kept or dropped as that does. Filled in the order declared, so one derived
     * table may sum another declared before it; a table declared more than once is emptied once, then filled by each
     * statement in turn (e.g. day rows first, then the weeks and months summed from them).
     */
    public record Derived(String table, String fill) {
    }
}
