package org.issueledger.command.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates {@code issue-events} when it is missing, and checks it when it exists. Retention is unlimited:
 * the topic is the query side's complete copy of the log, from which read models can be rebuilt.
 *
 * <p>An existing topic that would lose events (finite retention, compaction, fewer replicas than configured)
 * is refused: the relay sends nothing to it and retries, the store keeps every command, and the error names
 * the setting to fix; once an operator fixes the topic the relay carries on by itself. A different partition
 * count or a low {@code min.insync.replicas} only warns: the existing count is what the query side scales
 * to, and changing it would move keys between partitions, so the relay never alters a topic.
 *
 * <p>Checked in the background at start-up (so a misconfiguration shows at once) and before the first send,
 * so that the service starts — and keeps accepting commands — while the broker is down.
 */
@Component
class TopicAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final RelaySettings settings;
    private volatile boolean ensured;
    private volatile String refusal;

    TopicAdmin(Admin admin, RelaySettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    @EventListener(ApplicationReadyEvent.class)
    void checkInBackground() {
        Thread check = new Thread(() -> {
            try {
                ensureTopic();
            } catch (TopicMisconfigured e) {
                log.error("{}", e.getMessage());
            } catch (Exception e) {
                log.info("Topic {} not checked at start-up ({}); the relay checks it before its first send",
                        settings.topic(), e.toString());
            }
        }, "issue-events-topic-check");
        check.setDaemon(true);
        check.start();
    }

    void ensureTopic() throws InterruptedException, ExecutionException, TimeoutException {
        if (!ensured) {
            createIfMissing();
        }
    }

    /** Why the topic is refused, or null when it is fine or not checked yet. */
    String refusal() {
        return refusal;
    }

    /**
     * Asks the broker every time, for a re-publish into a cluster whose topic may have been lost or deleted
     * since this instance last looked.
     */
    void createIfMissing() throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(settings.effectiveMinInsyncReplicas())));
        try {
            admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions, replication factor {}, min.insync.replicas {}, unlimited retention",
                    settings.topic(), settings.partitions(), settings.replicationFactor(),
                    settings.effectiveMinInsyncReplicas());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            List<String> warnings = check();
            if (!ensured) {
                warnings.forEach(warning -> log.warn("Topic {}: {}", settings.topic(), warning));
            }
        }
        refusal = null;
        ensured = true;
    }

    /**
     * Checks an existing topic.
     *
     * @return what is unusual but safe (logged as warnings)
     * @throws TopicMisconfigured when relaying to the topic could lose events
     */
    List<String> check() throws InterruptedException, ExecutionException, TimeoutException {
        String name = settings.topic();
        TopicDescription description = admin.describeTopics(List.of(name)).allTopicNames()
                .get(10, TimeUnit.SECONDS).get(name);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource);

        List<String> problems = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        String retentionMs = value(config, TopicConfig.RETENTION_MS_CONFIG);
        if (!"-1".equals(retentionMs)) {
            problems.add("retention.ms is " + retentionMs + ", must be -1 (the topic is the query side's full copy of the log)");
        }
        String retentionBytes = value(config, TopicConfig.RETENTION_BYTES_CONFIG);
        if (!"-1".equals(retentionBytes)) {
            problems.add("retention.bytes is " + retentionBytes + ", must be -1");
        }
        String cleanup = value(config, TopicConfig.CLEANUP_POLICY_CONFIG);
        if (cleanup == null || !Set.of(cleanup.split(",")).equals(Set.of(TopicConfig.CLEANUP_POLICY_DELETE))) {
            problems.add("cleanup.policy is " + cleanup + ", must be delete (compaction would drop all but each issue's last event)");
        }
        int replicas = description.partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
        if (replicas < settings.replicationFactor()) {
            problems.add("replication factor is " + replicas + ", configured " + settings.replicationFactor());
        }
        int partitions = description.partitions().size();
        if (partitions != settings.partitions()) {
            warnings.add(partitions + " partitions, configured " + settings.partitions()
                    + "; the topic's count stands (at most " + partitions + " query-service instances consume)");
        }
        String minIsr = value(config, TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
        if (replicas >= 3 && minIsr != null && Integer.parseInt(minIsr) < 2) {
            warnings.add("min.insync.replicas is " + minIsr + " with " + replicas
                    + " replicas: an acknowledged event may live on one broker only; set it to 2");
        }
        if (!problems.isEmpty()) {
            refusal = "Topic " + name + " would lose events: " + String.join("; ", problems)
                    + ". Fix it (kafka-configs.sh --alter --entity-type topics --entity-name " + name
                    + " --add-config retention.ms=-1,retention.bytes=-1,cleanup.policy=delete) or point "
                    + "ISSUE_EVENTS_TOPIC elsewhere; nothing is relayed until then";
            throw new TopicMisconfigured(refusal);
        }
        return warnings;
    }

    private static String value(Config config, String key) {
        ConfigEntry entry = config.get(key);
        return entry == null ? null : entry.value();
    }

    /** The existing topic would lose events; the message says which setting and how to fix it. */
    static final class TopicMisconfigured extends IllegalStateException {
        TopicMisconfigured(String message) {
            super(message);
        }
    }
}
