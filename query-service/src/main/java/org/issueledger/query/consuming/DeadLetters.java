package org.issueledger.query.consuming;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Sets aside records that cannot be applied, so that one bad record never stops the stream. */
@Component
class DeadLetters {

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DeadLetters(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Must run in the transaction that also stores the offset past this record. */
    void store(ConsumerRecord<String, byte[]> record, String error) {
        jdbc.sql("""
                        INSERT INTO dead_letter (topic, partition, record_offset, record_key, raw_value, headers, error)
                        VALUES (:topic, :partition, :offset, :key, :value, CAST(:headers AS jsonb), :error)
                        ON CONFLICT (topic, partition, record_offset) DO NOTHING
                        """)
                .param("topic", record.topic())
                .param("partition", record.partition())
                .param("offset", record.offset())
                .param("key", record.key())
                .param("value", record.value())
                .param("headers", json.writeValueAsString(headers(record)))
                .param("error", error)
                .update();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }
}
