package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.issueledger.local.TestInfra;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The relay's topic on the real broker: created as configured, or checked when someone else made it. */
class TopicValidationTest {

    private static Admin admin;

    @BeforeAll
    static void connect() {
        admin = Admin.create(Map.of("bootstrap.servers", TestInfra.get().bootstrapServers()));
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Test
    void missingTopicIsCreatedWithUnlimitedRetentionAndConfiguredPartitions() throws Exception {
        RelaySettings settings = settings(topicName(), 4);

        new TopicAdmin(admin, settings).ensureTopic();
        awaitMetadata(settings.topic());

        assertThat(admin.describeTopics(List.of(settings.topic())).allTopicNames().get()
                .get(settings.topic()).partitions()).hasSize(4);
        assertThat(new TopicAdmin(admin, settings).check()).isEmpty();
    }

    @Test
    void existingTopicWithFiniteRetentionIsRefusedUntilFixed() throws Exception {
        String name = topicName();
        // What a broker's defaults give a topic created by hand: 7 days' retention.
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
        awaitMetadata(name);
        TopicAdmin topicAdmin = new TopicAdmin(admin, settings(name, 3));

        assertThatThrownBy(topicAdmin::ensureTopic).isInstanceOf(TopicAdmin.TopicMisconfigured.class)
                .hasMessageContaining("retention.ms is 604800000, must be -1");
        assertThat(topicAdmin.refusal()).contains("retention.ms");
        // The brokers answer, but nothing is relayed: health says so instead of UP.
        Health refused = new KafkaHealth(admin, topicAdmin).health();
        assertThat(refused.getStatus()).isEqualTo(Status.DOWN);
        assertThat(refused.getDetails().get("topic")).asString().contains("retention.ms is 604800000");

        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET))))
                .all().get(10, TimeUnit.SECONDS);
        // As the relay does: it asks again on its next attempt, and the change reaches the broker's answers shortly.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                topicAdmin.ensureTopic();
                break;
            } catch (TopicAdmin.TopicMisconfigured stillOld) {
                assertThat(System.nanoTime()).as("the fixed retention seen within 20 s").isLessThan(deadline);
                Thread.sleep(200);
            }
        }
        assertThat(topicAdmin.refusal()).isNull();
        assertThat(new KafkaHealth(admin, topicAdmin).health().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void compactedTopicIsRefused() throws Exception {
        String name = topicName();
        admin.createTopics(List.of(new NewTopic(name, 3, (short) 1).configs(Map.of(
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)))).all().get(10, TimeUnit.SECONDS);
        awaitMetadata(name);

        assertThatThrownBy(() -> new TopicAdmin(admin, settings(name, 3)).ensureTopic())
                .isInstanceOf(TopicAdmin.TopicMisconfigured.class)
                .hasMessageContaining("cleanup.policy is compact");
    }

    @Test
    void otherPartitionCountOnlyWarnsAndTheTopicStaysAsItIs() throws Exception {
        String name = topicName();
        new TopicAdmin(admin, settings(name, 2)).ensureTopic();
        awaitMetadata(name);
        TopicAdmin configuredForSix = new TopicAdmin(admin, settings(name, 6));

        assertThat(configuredForSix.check()).singleElement().asString().contains("2 partitions, configured 6");
        configuredForSix.ensureTopic();

        assertThat(admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions()).hasSize(2);
    }

    @Test
    void fewerReplicasThanConfiguredIsRefused() throws Exception {
        String name = topicName();
        new TopicAdmin(admin, settings(name, 3)).ensureTopic();
        awaitMetadata(name);
        RelaySettings wantsThree = new RelaySettings(TestInfra.get().bootstrapServers(), name, 3, (short) 3, 0,
                Duration.ofSeconds(30), 10_000, Duration.ofMinutes(5), Map.of());

        assertThatThrownBy(() -> new TopicAdmin(admin, wantsThree).ensureTopic())
                .isInstanceOf(TopicAdmin.TopicMisconfigured.class)
                .hasMessageContaining("replication factor is 1, configured 3");
    }

    /** A created topic is described by the broker a moment later (its metadata propagates asynchronously). */
    private static void awaitMetadata(String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static RelaySettings settings(String topic, int partitions) {
        return new RelaySettings(TestInfra.get().bootstrapServers(), topic, partitions, (short) 1, 0,
                Duration.ofSeconds(30), 10_000, Duration.ofMinutes(5), Map.of());
    }

    private static String topicName() {
        return "issue-events-validation-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
