package org.issueledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKafkaTest {

    @TempDir
    Path dir;

    @Test
    void kafkaDeliversProducedRecordAndKeepsTopicAcrossRestart() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir, 0)) {
            Clients.createTopic(kafka.bootstrapServers(), "issue-events", 3);
            Clients.produce(kafka.bootstrapServers(), "issue-events", "issue-1", "IssueCreated");
            assertThat(Clients.consume(kafka.bootstrapServers(), "issue-events", 1))
                    .extracting(ConsumerRecord::value).containsExactly("IssueCreated");
        }

        // A new instance on the same directory, on a new port: same cluster, same topic, same record.
        try (LocalKafka kafka = LocalKafka.start(dir, 0);
                Admin admin = Clients.admin(kafka.bootstrapServers())) {
            TopicDescription topic = Clients.described(admin, "issue-events");
            assertThat(topic.partitions()).hasSize(3);
            assertThat(Clients.consume(kafka.bootstrapServers(), "issue-events", 1))
                    .extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(tuple("issue-1", "IssueCreated"));
        }
    }

    @Test
    void brokerComesBackOnSamePortAfterStop() throws Exception {
        try (LocalKafka kafka = LocalKafka.start(dir, 0);
                KafkaProducer<String, String> producer = Clients.producer(kafka.bootstrapServers())) {
            int port = kafka.port();
            Clients.createTopic(kafka.bootstrapServers(), "relay", 3);
            send(producer, "before");

            kafka.stop();
            assertThat(kafka.isRunning()).isFalse();
            // Sent while the broker is down: send() may block on metadata (max.block.ms), so from another
            // thread, as the relay's would be; the record arrives once the broker is back.
            CompletableFuture<RecordMetadata> sentWhileDown = CompletableFuture.supplyAsync(() -> send(producer, "during"));
            kafka.start();

            assertThat(kafka.isRunning()).isTrue();
            assertThat(kafka.port()).isEqualTo(port);
            assertThat(sentWhileDown.get(30, TimeUnit.SECONDS).offset()).isEqualTo(1);
            assertThat(Clients.consume(kafka.bootstrapServers(), "relay", 2))
                    .extracting(ConsumerRecord::value).containsExactly("before", "during");
        }
    }

    private static RecordMetadata send(KafkaProducer<String, String> producer, String value) {
        try {
            return producer.send(new ProducerRecord<>("relay", "issue-1", value)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
