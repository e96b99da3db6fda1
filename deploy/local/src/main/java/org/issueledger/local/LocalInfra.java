package org.issueledger.local;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.LoggerFactory;

/**
 * The local launcher's infrastructure: PostgreSQL and Kafka with data under {@code ISSUELEDGER_DATA_DIR}, kept
 * across runs. Prints {@value #READY} once both serve, then runs until SIGTERM/SIGINT, which stops Kafka and then
 * PostgreSQL. Settings come from the environment: {@code ISSUELEDGER_DATA_DIR} (default
 * {@code ~/.issueledger/data}), {@code POSTGRES_PORT} (5433), {@code KAFKA_PORT} (9092),
 * {@code KAFKA_CONTROLLER_PORT} (9093).
 */
public final class LocalInfra {

    /** The line deploy/local/run.sh waits for. */
    static final String READY = "ISSUELEDGER_INFRA_READY";
    static final List<String> DATABASES = List.of("issueledger_command", "issueledger_query");

    private LocalInfra() {}

    public static void main(String[] args) throws InterruptedException {
        // Before the first logger exists: this jar must not ship a plain logback.xml, which would take over the
        // logging of every module that uses it as a test dependency.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "issueledger-local-logback.xml");
        }
        Path dataDir = Path.of(env("ISSUELEDGER_DATA_DIR", Path.of(System.getProperty("user.home"), ".issueledger", "data").toString()))
                .toAbsolutePath().normalize();
        if (System.getenv("ISSUELEDGER_API_KEYS") == null || System.getenv("ISSUELEDGER_API_KEYS").isBlank()) {
            // Made before anything starts: run.sh reads them once the infrastructure is ready.
            LocalApiKeys.ensure(dataDir);
        }
        int postgresPort = intEnv("POSTGRES_PORT", 5433);
        int kafkaPort = intEnv("KAFKA_PORT", 9092);
        int controllerPort = intEnv("KAFKA_CONTROLLER_PORT", 9093);

        AtomicReference<LocalPostgres> postgres = new AtomicReference<>();
        AtomicReference<LocalKafka> kafka = new AtomicReference<>();
        // Registered first so that a failed start also stops whatever did start.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close(kafka.get());
            close(postgres.get());
            System.out.println("IssueLedger infrastructure stopped");
        }, "issueledger-infra-shutdown"));

        try {
            postgres.set(LocalPostgres.start(dataDir.resolve("postgres"), postgresPort));
            DATABASES.forEach(postgres.get()::createDatabaseIfAbsent);
            kafka.set(LocalKafka.start(dataDir.resolve("kafka"), kafkaPort, controllerPort));
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(LocalInfra.class).error("IssueLedger infrastructure failed to start", e);
            System.err.println("ISSUELEDGER_INFRA_FAILED: " + e.getMessage());
            System.exit(1);
        }

        System.out.println("IssueLedger infrastructure is up");
        System.out.println("  data directory    " + dataDir);
        for (String database : DATABASES) {
            System.out.println("  PostgreSQL        " + postgres.get().jdbcUrl(database)
                    + " (user " + postgres.get().user() + ", password " + postgres.get().password() + ")");
        }
        System.out.println("  Kafka             " + kafka.get().bootstrapServers());
        System.out.println(READY);
        System.out.flush();

        Thread.currentThread().join(); // until a signal runs the shutdown hook
    }

    private static void close(AutoCloseable server) {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (Exception e) {
            LoggerFactory.getLogger(LocalInfra.class).warn("Could not stop {}", server, e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static int intEnv(String name, int fallback) {
        String value = env(name, Integer.toString(fallback));
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not '" + value + "'", e);
        }
    }
}
