package org.issueledger.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * One real PostgreSQL and one real Kafka broker per test JVM, started on first use in fresh temporary
 * directories on free ports, and stopped and deleted when the JVM exits.
 *
 * <p>Use it from other modules' tests (this module as a test-scoped dependency), e.g. in a Spring test:
 * <pre>{@code
 * @DynamicPropertySource
 * static void infra(DynamicPropertyRegistry registry) {
 *     TestInfra infra = TestInfra.get();
 *     registry.add("spring.datasource.url", () -> infra.freshDatabase("query"));
 *     registry.add("spring.datasource.username", infra::user);
 *     registry.add("spring.datasource.password", infra::password);
 *     registry.add("spring.kafka.bootstrap-servers", infra::bootstrapServers);
 * }
 * }</pre>
 * Tests share the broker, so each test class should use its own topic names (or a fresh database per class)
 * to stay independent. A test that {@link LocalKafka#stop() stops} the broker must {@link LocalKafka#start()
 * start} it again before it ends.
 */
public final class TestInfra {

    private static TestInfra instance; // guarded by TestInfra.class

    private final Path root;
    private final LocalPostgres postgres;
    private final LocalKafka kafka;
    private final AtomicInteger databases = new AtomicInteger();

    private TestInfra(Path root, LocalPostgres postgres, LocalKafka kafka) {
        this.root = root;
        this.postgres = postgres;
        this.kafka = kafka;
    }

    public static synchronized TestInfra get() {
        if (instance == null) {
            instance = startNew();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::shutDown, "issueledger-test-infra-shutdown"));
        }
        return instance;
    }

    public LocalPostgres postgres() {
        return postgres;
    }

    public LocalKafka kafka() {
        return kafka;
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /**
     * Creates a new, empty database and returns its JDBC URL.
     *
     * @param prefix readable part of the name, e.g. the test class; letters, digits and '_' are kept
     */
    public String freshDatabase(String prefix) {
        String cleaned = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.isEmpty() || !Character.isLetter(cleaned.charAt(0))) {
            cleaned = "db_" + cleaned;
        }
        String suffix = "_" + databases.incrementAndGet();
        String name = cleaned.substring(0, Math.min(cleaned.length(), 63 - suffix.length())) + suffix;
        postgres.createDatabaseIfAbsent(name);
        return postgres.jdbcUrl(name);
    }

    public String user() {
        return postgres.user();
    }

    public String password() {
        return postgres.password();
    }

    private static TestInfra startNew() {
        InfraLogging.quietServers();
        Path root;
        try {
            root = Files.createTempDirectory("issueledger-test-infra-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Both take a few seconds, mostly waiting: start them side by side.
        CompletableFuture<LocalPostgres> postgres =
                CompletableFuture.supplyAsync(() -> LocalPostgres.start(root.resolve("postgres"), 0));
        CompletableFuture<LocalKafka> kafka =
                CompletableFuture.supplyAsync(() -> LocalKafka.start(root.resolve("kafka"), 0));
        try {
            return new TestInfra(root, postgres.join(), kafka.join());
        } catch (CompletionException e) {
            closeIfStarted(kafka);
            closeIfStarted(postgres);
            deleteRecursively(root);
            throw new IllegalStateException("Test infrastructure did not start", e.getCause());
        }
    }

    private static void closeIfStarted(CompletableFuture<? extends AutoCloseable> server) {
        try {
            server.join().close();
        } catch (Exception e) {
            // it did not start, or already failed: nothing to stop
        }
    }

    private void shutDown() {
        kafka.close();
        postgres.close();
        deleteRecursively(root);
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // Best effort: a leftover temp directory is harmless.
        }
    }
}
