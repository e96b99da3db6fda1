package org.issueledger.query.consuming;

import java.util.List;

/**
 * A read model as the operator names it, and every table it owns. A projection may read and write only
 * these, so that rebuilding one model can never see another model's half-filled tables.
 */
public record ReadModel(String name, List<String> tables) {

    public ReadModel {
        tables = List.copyOf(tables);
    }

    public static ReadModel of(String name, String... tables) {
        return new ReadModel(name, List.of(tables));
    }
}
