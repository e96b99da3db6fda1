package org.issueledger.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server from zonky's Maven-shipped binaries, with its data directory kept across restarts.
 *
 * <p>Authentication is {@code trust} for the superuser {@code postgres} and the server listens on localhost
 * only: any password is accepted, {@link #password()} just gives clients a non-empty one to send. Durability
 * is tuned for a developer box: {@code fsync} is off (zonky always passes {@code -F}), so an OS crash or power
 * loss can corrupt the cluster (delete the directory then), but a killed server process loses no acknowledged
 * commit ({@code synchronous_commit=on}). Server logs go to {@code <dataDir>/log/}.
 *
 * <p>The postmaster is a separate OS process. zonky stops it from its own JVM shutdown hook, and
 * {@link #start} stops a postmaster that a killed JVM left running on the same data directory.
 */
public final class LocalPostgres implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);

    /** The superuser zonky's initdb creates ({@code initdb -U postgres -A trust}). */
    private static final String USER = "postgres";
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    /** zonky's lock file inside the data directory, held while a server owns it. */
    private static final String ZONKY_LOCK = "epg-lock";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final EmbeddedPostgres server;
    private final Path dataDir;
    private final Optional<ProcessHandle> postmaster;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LocalPostgres(EmbeddedPostgres server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
        this.postmaster = readPostmasterPid(dataDir).flatMap(ProcessHandle::of);
    }

    /**
     * Starts PostgreSQL on {@code dataDir}, running initdb only if the directory holds no cluster yet.
     *
     * @param port the port to listen on; 0 picks a free one
     * @throws IllegalStateException if the port is taken or another live server owns the directory
     */
    public static LocalPostgres start(Path dataDir, int port) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
            // First, as an orphan usually still holds the very port we are about to check.
            stopOrphanedPostmaster(dir);
            if (port != 0) {
                Ports.requireFree(port, "PostgreSQL");
            }
            EmbeddedPostgres server = EmbeddedPostgres.builder()
                    .setDataDirectory(dir)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // Reproducible sorting and no dependence on the locales installed on this machine.
                    .setLocaleConfig("locale", "C")
                    // Several services with their pools, plus tests, on one server. A test JVM keeps every Spring
                    // context it built (up to 32) with its pools open: the command-service's 20 hold ~12 each.
                    .setServerConfig("max_connections", "400")
                    // zonky defaults to off, which can drop acknowledged commits when the server process
                    // is killed; fault tests kill it. With fsync off a WAL flush is cheap anyway.
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("timezone", "UTC")
                    // Server log into <dataDir>/log/ instead of zonky's pipe, which dies with the JVM.
                    .setServerConfig("logging_collector", "on")
                    // Crash recovery after a killed server can outlast zonky's 10 s default.
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .start();
            LocalPostgres postgres = new LocalPostgres(server, dir);
            postgres.verifyOwnServer();
            log.info("PostgreSQL listening on port {} with data in {}", server.getPort(), dir);
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start PostgreSQL in " + dir, e);
        }
    }

    public int port() {
        return server.getPort();
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    public String user() {
        return USER;
    }

    /** Any value works (trust authentication); this one is what the launcher hands to the services. */
    public String password() {
        return PASSWORD;
    }

    /**
     * Creates the database unless it exists.
     *
     * @param database a plain lower-case identifier ({@code [a-z_][a-z0-9_]*}, at most 63 characters)
     */
    public void createDatabaseIfAbsent(String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("Not a plain lower-case database name: " + database);
        }
        try (Connection connection = connect("postgres")) {
            if (exists(connection, database)) {
                return;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + database + "\"");
            }
        } catch (SQLException e) {
            // Another client created it between our check and our CREATE.
            if (!"42P04".equals(e.getSQLState())) {
                throw new IllegalStateException("Could not create database " + database, e);
            }
        }
    }

    /** Stops the server (fast shutdown) and waits until its processes are gone. Safe to call twice. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            log.warn("pg_ctl stop failed for {}", dataDir, e);
        }
        // zonky's own shutdown hook may be the one stopping it right now, in which case server.close()
        // returned at once: wait for the postmaster itself so callers can delete the directory safely.
        postmaster.ifPresent(process -> awaitExit(process, dataDir, STOP_TIMEOUT));
    }

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), USER, PASSWORD);
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /**
     * zonky declares success as soon as something on the port answers; if our postmaster failed to start and
     * another server answered instead, fail here rather than write into somebody else's database.
     */
    private void verifyOwnServer() {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SHOW data_directory")) {
            rows.next();
            Path served = Path.of(rows.getString(1));
            if (!Files.isSameFile(served, dataDir)) {
                close();
                throw new IllegalStateException("Port " + port() + " is served by another PostgreSQL (data in "
                        + served + "), not the one started on " + dataDir);
            }
        } catch (SQLException | IOException e) {
            close();
            throw new IllegalStateException("PostgreSQL on port " + port() + " did not answer as expected", e);
        }
    }

    /**
     * A JVM killed with SIGKILL cannot run zonky's shutdown hook, so its postmaster keeps running and would
     * block a new one on the same directory. If nobody holds zonky's lock, such a postmaster is an orphan.
     */
    private static void stopOrphanedPostmaster(Path dir) throws IOException {
        Optional<ProcessHandle> orphan = readPostmasterPid(dir)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        requireUnlocked(dir);
        ProcessHandle process = orphan.get();
        log.warn("Stopping PostgreSQL (pid {}) left running on {} by an earlier run", process.pid(), dir);
        signal(process, "INT"); // fast shutdown: ends client sessions instead of waiting for them
        if (!awaitExit(process, dir, STOP_TIMEOUT)) {
            throw new IllegalStateException("PostgreSQL pid " + process.pid() + " on " + dir + " did not stop");
        }
    }

    private static void requireUnlocked(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir.resolve(ZONKY_LOCK),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException(dir + " is in use by another running PostgreSQL launcher");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException(dir + " is in use by another LocalPostgres in this JVM", e);
        }
    }

    private static void signal(ProcessHandle process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            kill.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy(); // no kill(1), e.g. Windows: fall back to the JDK's terminate
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits until the postmaster has exited, which is when it removes its postmaster.pid (the last step of a
     * shutdown) or when the process is gone. The pid file matters where PID 1 reaps orphans late (containers):
     * the dead postmaster lingers as a zombie that {@link ProcessHandle#isAlive()} still reports as alive.
     * Polls rather than {@code onExit()}, which watches non-children with a backoff of seconds.
     */
    private static boolean awaitExit(ProcessHandle process, Path dataDir, Duration timeout) {
        Path pidFile = dataDir.resolve("postmaster.pid");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (process.isAlive() && Files.exists(pidFile)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** The first line of postmaster.pid is the postmaster's pid. */
    private static Optional<Long> readPostmasterPid(Path dir) {
        try (var lines = Files.lines(dir.resolve("postmaster.pid"))) {
            return lines.findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
