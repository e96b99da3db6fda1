package org.issueledger.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real multi-node Kafka cluster in KRaft mode, every node broker and controller at once, all in this JVM:
 * what a production cluster does with replicas, in-sync replica sets, leader election and a controller
 * quorum, on one machine without Docker. Used by the cluster tests; {@link LocalKafka} stays the one-node
 * default.
 *
 * <p>With three nodes the controller quorum and a topic with replication factor 3 and
 * {@code min.insync.replicas=2} both survive one node being {@link #stop(int) stopped}. Internal topics
 * (consumer offsets, transactions) get replication factor 3 and min ISR 2, as on a real cluster.
 */
public final class LocalKafkaCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalKafkaCluster.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final List<Path> logDirs;
    private final int[] ports;
    private final int[] controllerPorts;
    private final KafkaRaftServer[] servers; // guarded by this

    private LocalKafkaCluster(List<Path> logDirs, int[] ports, int[] controllerPorts) {
        this.logDirs = logDirs;
        this.ports = ports;
        this.controllerPorts = controllerPorts;
        this.servers = new KafkaRaftServer[ports.length];
    }

    /** Formats and starts {@code nodes} nodes (node ids 1..n) on free ports, their data under {@code dataDir}. */
    public static LocalKafkaCluster start(Path dataDir, int nodes) {
        if (nodes < 1) {
            throw new IllegalArgumentException("A cluster needs at least one node: " + nodes);
        }
        InfraLogging.quietServers();
        List<Integer> taken = new ArrayList<>();
        int[] ports = new int[nodes];
        int[] controllerPorts = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            ports[i] = freeOtherThan(taken);
            controllerPorts[i] = freeOtherThan(taken);
        }
        List<Path> logDirs = IntStream.rangeClosed(1, nodes)
                .mapToObj(node -> dataDir.toAbsolutePath().normalize().resolve("node-" + node))
                .toList();
        LocalKafkaCluster cluster = new LocalKafkaCluster(logDirs, ports, controllerPorts);
        cluster.format();
        // Each node's start-up waits for a controller quorum, which needs a majority of the nodes: start them together.
        List<CompletableFuture<Void>> starting = IntStream.rangeClosed(1, nodes)
                .mapToObj(node -> CompletableFuture.runAsync(() -> cluster.start(node)))
                .toList();
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            cluster.close();
            throw new IllegalStateException("Kafka cluster did not start", e.getCause());
        }
        return cluster;
    }

    /** Every node's client address: clients find the others (and the current leaders) from any one of them. */
    public String bootstrapServers() {
        return IntStream.of(ports).mapToObj(port -> "localhost:" + port).collect(Collectors.joining(","));
    }

    public int nodes() {
        return ports.length;
    }

    public int port(int node) {
        return ports[index(node)];
    }

    public synchronized boolean isRunning(int node) {
        return servers[index(node)] != null;
    }

    /** Brings a stopped node back on its ports with its data; it catches up as a follower. No-op while running. */
    public void start(int node) {
        int i = index(node);
        KafkaRaftServer starting;
        synchronized (this) {
            if (servers[i] != null) {
                return;
            }
            Ports.requireFree(ports[i], "Kafka node " + node);
            Ports.requireFree(controllerPorts[i], "Kafka controller " + node);
            starting = new KafkaRaftServer(KafkaConfig.fromProps(config(node), false), Time.SYSTEM);
        }
        try {
            // Returns once the broker is unfenced; outside the lock, since it waits for the other nodes.
            starting.startup();
        } catch (RuntimeException e) {
            starting.shutdown();
            starting.awaitShutdown();
            throw new IllegalStateException("Kafka node " + node + " did not start (data in " + logDirs.get(i) + ")", e);
        }
        synchronized (this) {
            servers[i] = starting;
        }
        log.info("Kafka node {} listening on localhost:{} (controller port {})", node, ports[i], controllerPorts[i]);
    }

    /** Takes one node down cleanly (leadership moves to the others first); ports and data stay for {@link #start(int)}. */
    public void stop(int node) {
        int i = index(node);
        KafkaRaftServer server;
        synchronized (this) {
            server = servers[i];
            servers[i] = null;
        }
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        log.info("Kafka node {} on localhost:{} stopped", node, ports[i]);
    }

    /**
     * Stops every node at once. One after the other would hang: once a majority of the controllers is gone, the
     * last brokers' controlled shutdown waits for a controller that no longer exists. Side by side, every node's
     * broker part ends while all controllers still run (a node stops its broker before its controller).
     */
    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = IntStream.rangeClosed(1, ports.length)
                .mapToObj(node -> CompletableFuture.runAsync(() -> {
                    try {
                        stop(node);
                    } catch (RuntimeException e) {
                        log.warn("Stopping Kafka node {} failed", node, e);
                    }
                }))
                .toList();
        CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).join();
    }

    private Properties config(int node) {
        int i = index(node);
        String voters = IntStream.range(0, ports.length)
                .mapToObj(j -> (j + 1) + "@localhost:" + controllerPorts[j])
                .collect(Collectors.joining(","));
        int replicas = Math.min(3, ports.length);
        int minIsr = Math.max(1, replicas - 1);
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(node));
        // A static quorum, as in LocalKafka: the voters are named here, not stored in the metadata log.
        props.put("controller.quorum.voters", voters);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("listeners", "PLAINTEXT://localhost:" + ports[i] + "," + CONTROLLER_LISTENER + "://localhost:" + controllerPorts[i]);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + ports[i]);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDirs.get(i).toString());

        props.put("offsets.topic.replication.factor", Integer.toString(replicas));
        props.put("transaction.state.log.replication.factor", Integer.toString(replicas));
        props.put("transaction.state.log.min.isr", Integer.toString(minIsr));
        props.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        props.put("share.coordinator.state.topic.min.isr", Integer.toString(minIsr));
        props.put("default.replication.factor", Integer.toString(replicas));
        props.put("min.insync.replicas", "1");
        props.put("auto.create.topics.enable", "false");
        props.put("num.partitions", "3");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Heartbeats, session and replica lag keep Kafka's defaults on purpose: several nodes in one JVM on a loaded
        // machine miss tighter deadlines, get fenced or drop out of the ISR for no reason. A node stopped cleanly is
        // fenced at once anyway (controlled shutdown moves its leaderships first).

        // Sized for a small dev box running several nodes in one JVM.
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.num.partitions", "5");
        props.put("share.coordinator.state.topic.num.partitions", "5");
        props.put("num.network.threads", "1");
        props.put("num.io.threads", "2");
        props.put("background.threads", "2");
        props.put("num.replica.fetchers", "1");
        props.put("num.recovery.threads.per.data.dir", "1");
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
        return props;
    }

    /** {@code kafka-storage.sh format} for every node, with one cluster id; skipped for a node formatted before. */
    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        for (int node = 1; node <= ports.length; node++) {
            Path logDir = logDirs.get(index(node));
            if (Files.exists(logDir.resolve("meta.properties"))) {
                continue;
            }
            try {
                Files.createDirectories(logDir);
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(node)
                        .setClusterId(clusterId)
                        .setDirectories(List.of(logDir.toString()))
                        .setMetadataLogDirectory(logDir.toString())
                        .setControllerListenerName(CONTROLLER_LISTENER)
                        .run();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create " + logDir, e);
            } catch (Exception e) {
                throw new IllegalStateException("Could not format Kafka storage in " + logDir, e);
            }
        }
    }

    private int index(int node) {
        if (node < 1 || node > ports.length) {
            throw new IllegalArgumentException("No Kafka node " + node + " in a cluster of " + ports.length);
        }
        return node - 1;
    }

    private static int freeOtherThan(List<Integer> taken) {
        int candidate = Ports.free();
        while (taken.contains(candidate)) {
            candidate = Ports.free();
        }
        taken.add(candidate);
        return candidate;
    }
}
