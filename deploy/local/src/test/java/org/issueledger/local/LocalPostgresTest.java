package org.issueledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresTest {

    @TempDir
    Path dir;

    @Test
    void postgresKeepsDataAcrossRestart() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dir, 0)) {
            postgres.createDatabaseIfAbsent("ledger");
            try (Connection connection = Clients.jdbc(postgres.jdbcUrl("ledger"), postgres.user(), postgres.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE note (text varchar NOT NULL)");
                statement.execute("INSERT INTO note VALUES ('kept')");
            }
        }

        try (LocalPostgres postgres = LocalPostgres.start(dir, 0);
                Connection connection = Clients.jdbc(postgres.jdbcUrl("ledger"), postgres.user(), postgres.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT text FROM note")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("kept");
        }
    }

    @Test
    void createDatabaseIfAbsentLeavesAnExistingDatabaseAlone() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dir, 0)) {
            postgres.createDatabaseIfAbsent("issueledger_query");
            try (Connection connection = Clients.jdbc(postgres.jdbcUrl("issueledger_query"), postgres.user(), postgres.password());
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE marker (id int)");
            }

            postgres.createDatabaseIfAbsent("issueledger_query");

            try (Connection connection = Clients.jdbc(postgres.jdbcUrl("issueledger_query"), postgres.user(), postgres.password());
                    ResultSet tables = connection.getMetaData().getTables(null, "public", "marker", null)) {
                assertThat(tables.next()).isTrue();
            }
            assertThat(postgres.jdbcUrl("issueledger_query"))
                    .isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/issueledger_query");
        }
    }

    @Test
    void closeStopsThePostmasterAndMayBeRepeated() {
        LocalPostgres postgres = LocalPostgres.start(dir, 0);
        long pid = Postmasters.pid(dir);
        assertThat(Postmasters.running(pid)).isTrue();

        postgres.close();
        postgres.close();

        assertThat(Postmasters.running(pid)).isFalse();
        assertThat(dir.resolve("postmaster.pid")).doesNotExist();
    }

    @Test
    void secondServerOnTheSameDataDirectoryIsRefused() {
        try (LocalPostgres first = LocalPostgres.start(dir, 0)) {
            // Simulates a stale postmaster.pid pointing at a live server that someone still owns.
            assertThatThrownBy(() -> LocalPostgres.start(dir, 0))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use");
            assertThat(first.port()).isPositive();
        }
    }

    @Test
    void takenPortFailsWithAClearMessage() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> LocalPostgres.start(dir, taken.getLocalPort()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("in use");
        }
    }
}
