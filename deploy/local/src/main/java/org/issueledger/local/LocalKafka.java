package org.issueledger.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker in KRaft mode (one process is both broker and controller), running in
 * this JVM, with its log directory kept across restarts.
 *
 * <p>Topics are never auto-created: whoever produces creates its topic first. {@link #stop()} and
 * {@link #start()} take the broker down and bring it back on the same ports with the same data, for fault
 * tests; clients reconnect on their own.
 */
public final class LocalKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafka.class);

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server; // guarded by this
    private boolean closed; // guarded by this

    private LocalKafka(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /**
     * Starts a broker on {@code port} with its controller on another free port.
     *
     * @param port the client port; 0 picks a free one
     */
    public static LocalKafka start(Path dataDir, int port) {
        return start(dataDir, port, 0);
    }

    /**
     * Starts a broker whose log directory lives under {@code dataDir}; formats the storage on first use only,
     * so topics and records survive a restart on the same directory.
     *
     * @param port           the client (PLAINTEXT) port; 0 picks a free one
     * @param controllerPort the KRaft controller port; 0 picks a free one. Clients never use it.
     */
    public static LocalKafka start(Path dataDir, int port, int controllerPort) {
        int clientPort = port == 0 ? Ports.free() : port;
        int quorumPort = controllerPort == 0 ? freeOtherThan(clientPort) : controllerPort;
        if (clientPort == quorumPort) {
            throw new IllegalArgumentException("Kafka client and controller ports must differ: " + clientPort);
        }
        LocalKafka kafka = new LocalKafka(dataDir.toAbsolutePath().normalize().resolve("kraft-combined-logs"),
                clientPort, quorumPort);
        kafka.formatIfNew();
        kafka.start();
        return kafka;
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Brings a stopped broker back on the same ports with its data. No-op while running. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("LocalKafka on port " + port + " is closed");
        }
        if (server != null) {
            return;
        }
        Ports.requireFree(port, "Kafka");
        Ports.requireFree(controllerPort, "Kafka controller");
        KafkaRaftServer starting = new KafkaRaftServer(KafkaConfig.fromProps(config(), false), Time.SYSTEM);
        try {
            // Returns once the broker is unfenced, i.e. ready for clients.
            starting.startup();
        } catch (RuntimeException e) {
            IllegalStateException failure =
                    new IllegalStateException("Kafka did not start on port " + port + " (data in " + logDir + ")", e);
            try {
                shutDown(starting); // release ports and the log directory lock of the half-started server
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        server = starting;
        log.info("Kafka listening on {} (controller port {}) with data in {}", bootstrapServers(), controllerPort, logDir);
    }

    /** Takes the broker down cleanly; ports and data stay reserved for {@link #start()}. No-op when stopped. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        shutDown(server);
        server = null;
        log.info("Kafka on {} stopped", bootstrapServers());
    }

    /** Stops the broker for good. Safe to call twice. */
    @Override
    public synchronized void close() {
        closed = true;
        stop();
    }

    private static void shutDown(KafkaRaftServer server) {
        server.shutdown();
        server.awaitShutdown();
    }

    private Properties config() {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        // A static one-voter quorum (kraft.version 0): unlike a dynamic quorum, it does not store the
        // controller's address in the metadata log, so the controller port may differ on the next start.
        props.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://localhost:" + port + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());

        // One node: every internal topic with one replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        // The command-service creates issue-events itself, with its partition count; a typo in a topic name
        // must fail, not silently create a new topic.
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "3");
        // Consumers in tests join at once instead of waiting 3 s for more members.
        props.put("group.initial.rebalance.delay.ms", "0");
        // After a kill, the restarted controller holds the old broker registration until its session expires
        // (default 9 s) before the broker may register again; one in-process node needs no such slack.
        props.put("broker.heartbeat.interval.ms", "500");
        props.put("broker.session.timeout.ms", "3000");

        // Sized for a 2-core dev box: 5 instead of 50 partitions for each internal topic, fewer threads,
        // and a 128 MiB -> 8 MiB log-cleaner buffer (only the compacted offsets topic uses it).
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("num.network.threads", "2");
        props.put("num.io.threads", "4");
        props.put("background.threads", "4");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return props;
    }

    /** The equivalent of {@code kafka-storage.sh format}, run only when the log directory has never been formatted. */
    private void formatIfNew() {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
            log.info("Formatted new Kafka storage in {}", logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
        }
    }

    private static int freeOtherThan(int port) {
        int candidate = Ports.free();
        while (candidate == port) {
            candidate = Ports.free();
        }
        return candidate;
    }
}
