package org.issueledger.command.relay;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Creates {@code issue-events} when it is missing. Retention is unlimited: the topic is the query
 * side's complete copy of the log, from which read models can be rebuilt.
 *
 * <p>Called before the first send rather than only at start-up, so that the service starts — and
 * keeps accepting commands — while the broker is down.
 */
@Component
class TopicAdmin {

    private static final Logger log = LoggerFactory.getLogger(TopicAdmin.class);

    private final Admin admin;
    private final RelaySettings settings;
    private volatile boolean ensured;

    TopicAdmin(Admin admin, RelaySettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    void ensureTopic() throws InterruptedException, ExecutionException, TimeoutException {
        if (!ensured) {
            createIfMissing();
        }
    }

    /**
     * Asks the broker every time, for a re-publish into a cluster whose topic may have been lost or deleted
     * since this instance last looked.
     */
    void createIfMissing() throws InterruptedException, ExecutionException, TimeoutException {
        NewTopic topic = new NewTopic(settings.topic(), settings.partitions(), settings.replicationFactor())
                .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1",
                        TopicConfig.RETENTION_BYTES_CONFIG, "-1",
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE));
        try {
            admin.createTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
            log.info("Created topic {} with {} partitions, replication factor {}, unlimited retention",
                    settings.topic(), settings.partitions(), settings.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        ensured = true;
    }
}
