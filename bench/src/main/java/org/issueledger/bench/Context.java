package org.issueledger.bench;

import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/** Connections to the system under test. */
final class Context {

    /** The all-roles key bench/run.sh configures the services with; every request sends it. */
    static final String API_KEY = System.getenv().getOrDefault("BENCH_API_KEY", "e2e-key");

    final Settings settings;
    final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    Context(Settings settings) {
        this.settings = settings;
    }

    Connection queryDb() throws SQLException {
        return DriverManager.getConnection(settings.queryDbUrl(), settings.dbUser(), settings.dbPassword());
    }

    Connection adminDb() throws SQLException {
        return DriverManager.getConnection(settings.adminDbUrl(), settings.dbUser(), settings.dbPassword());
    }

    static void log(String message) {
        System.out.printf("[bench %tT] %s%n", System.currentTimeMillis(), message);
        System.out.flush();
    }
}
