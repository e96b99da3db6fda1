package org.issueledger.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaClusterTest {

    @TempDir
    Path dir;

    @Test
    void replicatedTopicKeepsAcceptingAcknowledgedWritesWithOneNodeDown() throws Exception {
        try (LocalKafkaCluster kafka = LocalKafkaCluster.start(dir, 3);
                Admin admin = Clients.admin(kafka.bootstrapServers());
                KafkaProducer<String, String> producer = Clients.producer(kafka.bootstrapServers())) {
            admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)
                    .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
            TopicDescription topic = Clients.described(admin, "replicated");
            assertThat(topic.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            producer.send(new ProducerRecord<>("replicated", "a", "before")).get(30, TimeUnit.SECONDS);

            kafka.stop(2);
            assertThat(kafka.isRunning(2)).isFalse();
            // acks=all with min ISR 2: still acknowledged with two of three replicas.
            producer.send(new ProducerRecord<>("replicated", "a", "during")).get(60, TimeUnit.SECONDS);

            kafka.start(2);
            assertThat(kafka.isRunning(2)).isTrue();
            assertThat(Clients.consume(kafka.bootstrapServers(), "replicated", 2))
                    .extracting(ConsumerRecord::value).containsExactly("before", "during");
        }
    }
}
