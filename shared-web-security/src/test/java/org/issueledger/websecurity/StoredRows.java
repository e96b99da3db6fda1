package org.issueledger.websecurity;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/**
 * What a service has stored, as the hostile-input tests compare it before and after their sweep: the row count of
 * every table of the service's schema. A request that changed any of them was half- or wrongly applied.
 */
public final class StoredRows {

    private StoredRows() {
    }

    /** Table name → row count, for every base table of the connection's current schema. */
    public static Map<String, Long> countPerTable(DataSource dataSource) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("select table_name from information_schema.tables"
                    + " where table_schema = current_schema() and table_type = 'BASE TABLE'")) {
                while (rows.next()) {
                    tables.add(rows.getString(1));
                }
            }
            for (String table : tables) {
                try (ResultSet rows = statement.executeQuery("select count(*) from \"" + table + "\"")) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }
}
