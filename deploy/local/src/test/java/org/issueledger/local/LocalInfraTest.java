package org.issueledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as run.sh runs it: a separate JVM, stopped by a signal. */
class LocalInfraTest {

    @TempDir
    Path dataDir;

    private final int postgresPort = Ports.free();
    private final int kafkaPort = Ports.free();
    private final int controllerPort = Ports.free();
    private Launcher launcher;

    @AfterEach
    void stopLauncher() throws Exception {
        if (launcher != null) {
            launcher.process.destroyForcibly().waitFor();
        }
        // Whatever happened, leave no server behind (and none writing while @TempDir is deleted).
        Postmasters.stopLeftover(dataDir.resolve("postgres"));
    }

    /**
     * One story, as the launcher is the slowest thing to start: a run killed with SIGKILL leaves PostgreSQL
     * behind; the next run stops it, finds the data, and on SIGTERM leaves nothing running.
     */
    @Test
    void launcherRecoversFromAKillWithItsDataAndLeavesNothingRunningAfterSigterm() throws Exception {
        launcher = Launcher.start(dataDir, postgresPort, kafkaPort, controllerPort);
        assertThat(launcher.output).contains(
                "  PostgreSQL        jdbc:postgresql://localhost:" + postgresPort + "/issueledger_command (user postgres, password postgres)",
                "  PostgreSQL        jdbc:postgresql://localhost:" + postgresPort + "/issueledger_query (user postgres, password postgres)",
                "  Kafka             localhost:" + kafkaPort);
        String url = "jdbc:postgresql://localhost:" + postgresPort + "/issueledger_command";
        try (Connection connection = Clients.jdbc(url, "postgres", "postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE survivor (name text)");
            statement.execute("INSERT INTO survivor VALUES ('still here')");
        }
        Clients.createTopic("localhost:" + kafkaPort, "issue-events", 3);
        long orphan = Postmasters.pid(dataDir.resolve("postgres"));

        launcher.process.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        assertThat(Postmasters.running(orphan)).as("PostgreSQL outlives a killed launcher").isTrue();

        launcher = Launcher.start(dataDir, postgresPort, kafkaPort, controllerPort);
        assertThat(Postmasters.running(orphan)).as("orphaned PostgreSQL stopped by the next run").isFalse();
        assertThat(Clients.topics("localhost:" + kafkaPort)).contains("issue-events");
        try (Connection connection = Clients.jdbc(url, "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT name FROM survivor")) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getString(1)).isEqualTo("still here");
        }
        long postmaster = Postmasters.pid(dataDir.resolve("postgres"));

        launcher.terminate();

        assertThat(launcher.output).contains("IssueLedger infrastructure stopped");
        assertThat(Postmasters.running(postmaster)).as("PostgreSQL stopped with the launcher").isFalse();
        assertThat(dataDir.resolve("postgres/postmaster.pid")).doesNotExist();
        launcher = null;
    }

    private record Launcher(Process process, List<String> output, Thread reader) {

        static Launcher start(Path dataDir, int postgresPort, int kafkaPort, int controllerPort) throws Exception {
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"),
                    LocalInfra.class.getName())
                    .redirectErrorStream(true);
            builder.environment().put("ISSUELEDGER_DATA_DIR", dataDir.toString());
            builder.environment().put("POSTGRES_PORT", Integer.toString(postgresPort));
            builder.environment().put("KAFKA_PORT", Integer.toString(kafkaPort));
            builder.environment().put("KAFKA_CONTROLLER_PORT", Integer.toString(controllerPort));
            Process process = builder.start();
            List<String> output = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> readLines(process, output), "launcher-output");
            reader.setDaemon(true);
            reader.start();
            Launcher launcher = new Launcher(process, output, reader);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!launcher.output.contains(LocalInfra.READY)) {
                if (!launcher.process.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("launcher did not get ready:\n" + String.join("\n", launcher.output));
                }
                Thread.sleep(100);
            }
            // Without ISSUELEDGER_API_KEYS the launcher has made the local run's keys before it said ready.
            if (!builder.environment().containsKey("ISSUELEDGER_API_KEYS")) {
                assertThat(dataDir.resolve(LocalApiKeys.FILE)).exists();
            }
            return launcher;
        }

        /** Sends SIGTERM, as run.sh does, and waits for the process and its last output line. */
        void terminate() throws InterruptedException {
            // Not process.destroy(): that also closes our end of its stdout, losing what it prints while stopping.
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("launcher exited").isTrue();
            reader.join(5_000);
        }

        private static void readLines(Process process, List<String> output) {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (Exception e) {
                // process gone
            }
        }
    }
}
