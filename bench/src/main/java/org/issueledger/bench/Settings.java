package org.issueledger.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What bench/run.sh tells the Java side, all from environment variables. */
record Settings(String commandUrl, String queryUrl, String queryDbUrl, String adminDbUrl, String dbUser,
                String dbPassword, String kafka, Path resultsDir, Path migrations, Map<String, String> processes) {

    static Settings fromEnvironment() {
        Map<String, String> processes = new LinkedHashMap<>();
        for (String entry : env("BENCH_PROCESSES", "").split(",")) {
            if (entry.contains("=")) {
                processes.put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
        }
        return new Settings(
                env("BENCH_COMMAND_URL", "http://localhost:28081"),
                env("BENCH_QUERY_URL", "http://localhost:28082"),
                env("BENCH_QUERY_DB_URL", "jdbc:postgresql://localhost:25433/issueledger_query"),
                env("BENCH_ADMIN_DB_URL", "jdbc:postgresql://localhost:25433/postgres"),
                env("BENCH_DB_USER", "postgres"),
                env("BENCH_DB_PASSWORD", "postgres"),
                env("BENCH_KAFKA", "localhost:29092"),
                Path.of(env("BENCH_RESULTS_DIR", "bench/results/manual")),
                Path.of(env("BENCH_MIGRATIONS", "query-service/src/main/resources/db/migration")),
                processes);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static int intEnv(String name, int fallback) {
        return Integer.parseInt(env(name, Integer.toString(fallback)).replace("_", ""));
    }
}
