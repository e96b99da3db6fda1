package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.issueledger.events.issue.WorkStarted;
import org.issueledger.local.TestInfra;
import org.issueledger.query.IssueTimeline;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Redelivery injected the hard way: records already applied are read back from the topic and produced again,
 * byte for byte with their headers, twice and in reverse order. The read models do not change.
 */
class FaultRedeliveryTest extends QueryServiceTestSupport {

    @Test
    void duplicatedAndReorderedRecordsChangeNoReadModel() {
        IssueTimeline issue = new IssueTimeline();
        produce(issue.created(), issue.assigned("bo", null, 0), issue.escalated(1, 0),
                issue.next(new WorkStarted(issue.issueId(), issue.tick(), "bo")), issue.escalated(2, 1));
        eventually(() -> assertThat(lastSequence(issue.issueId())).isEqualTo(4));
        eventually(() -> assertThat(caughtUp()).isTrue());
        Map<String, String> before = readModels();

        List<ConsumerRecord<String, byte[]>> delivered = recordsOf(issue.issueId(), 5);
        List<ConsumerRecord<String, byte[]>> reversed = new ArrayList<>(delivered);
        Collections.reverse(reversed);
        reproduce(reversed);
        reproduce(delivered);
        eventually(() -> assertThat(caughtUp()).isTrue());

        assertThat(readModels()).as("every read-model table, row for row").isEqualTo(before);
        assertThat(auditRows(issue.issueId())).isEqualTo(5);
        assertThat(jdbc.sql("SELECT count(*) FROM dead_letter WHERE record_key = :key").param("key",
                issue.issueId().toString()).query(Long.class).single()).isZero();

        // The guards were not fooled into thinking the issue is further on: its next event still applies.
        produce(issue.resolved());
        eventually(() -> assertThat(lastSequence(issue.issueId())).isEqualTo(5));
    }

    /** Every table of every read model, each as one ordered text of its rows. */
    private Map<String, String> readModels() {
        Map<String, String> tables = new LinkedHashMap<>();
        for (JsonNode model : get("/api/admin/read-models")) {
            for (JsonNode table : model.get("tables")) {
                String name = table.stringValue();
                tables.put(name, jdbc.sql("SELECT coalesce(string_agg(to_jsonb(t)::text, E'\\n' ORDER BY to_jsonb(t)::text), '') FROM "
                        + name + " t").query(String.class).single());
            }
        }
        assertThat(tables).containsKeys("audit_entry", "issue_view");
        return tables;
    }

    private boolean caughtUp() throws Exception {
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new LinkedHashMap<>();
        IntStream.range(0, PARTITIONS).forEach(p -> latest.put(new TopicPartition(TOPIC, p),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        Map<Integer, Long> stored = new LinkedHashMap<>();
        jdbc.sql("SELECT partition, next_offset FROM consumer_offsets WHERE consumer_group = :group AND topic = :topic")
                .param("group", GROUP).param("topic", TOPIC)
                .query((rs, row) -> stored.put(rs.getInt("partition"), rs.getLong("next_offset"))).list();
        for (var end : admin().listOffsets(latest).all().get().entrySet()) {
            if (end.getValue().offset() > 0 && stored.getOrDefault(end.getKey().partition(), 0L) < end.getValue().offset()) {
                return false;
            }
        }
        return true;
    }

    private static List<ConsumerRecord<String, byte[]>> recordsOf(UUID issueId, int expected) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers()),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, PARTITIONS)
                    .mapToObj(p -> new TopicPartition(TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read the topic within 30 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (issueId.toString().equals(record.key())) {
                        found.add(record);
                    }
                });
            }
        }
        assertThat(found).hasSize(expected);
        return found;
    }

    private static void reproduce(List<ConsumerRecord<String, byte[]>> records) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.get().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer())) {
            for (ConsumerRecord<String, byte[]> record : records) {
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.key(), record.value(),
                        record.headers())).get();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not re-produce", e);
        }
    }
}
