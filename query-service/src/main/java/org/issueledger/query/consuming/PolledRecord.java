package org.issueledger.query.consuming;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * What a batch keeps of a polled Kafka record besides its decoded event: where it stood, its key, and its value and
 * headers for the dead-letter table should the record be set aside or held.
 *
 * <p>Why not the {@link ConsumerRecord} itself: its headers are views into the buffer of the whole fetch response they
 * came in (kafka-clients copies a header out only when asked for it), ten small buffer objects per record, and they
 * kept every response the batch was cut from in the heap for as long as the batch was applied, also those the consumer
 * itself was done with. A record with its headers took ~820 bytes besides its value; copied out here, ~250 (bench/README,
 * Branch proj12). The header names are shared with the record before when they are the same. The value is the
 * record's own copy, which the decoded event's verbatim payload and metadata point into anyway.
 */
final class PolledRecord {

    private static final byte[][] NO_VALUES = new byte[0][];

    private final String topic;
    private final int partition;
    private final long offset;
    private final String key;
    private final byte[] value;
    private final String[] headerNames;
    private final byte[][] headerValues;

    private PolledRecord(String topic, int partition, long offset, String key, byte[] value, String[] headerNames,
                         byte[][] headerValues) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.key = key;
        this.value = value;
        this.headerNames = headerNames;
        this.headerValues = headerValues;
    }

    /**
     * @param previous the record polled before this one, or null: its header names are reused when this record's are the
     *               same (the relay sends the same five on every record)
     */
    static PolledRecord of(ConsumerRecord<String, byte[]> record, PolledRecord previous) {
        Header[] headers = record.headers().toArray();
        String[] names = new String[headers.length];
        byte[][] values = headers.length == 0 ? NO_VALUES : new byte[headers.length][];
        for (int i = 0; i < headers.length; i++) {
            names[i] = headers[i].key();
            values[i] = headers[i].value();
        }
        if (previous != null && Arrays.equals(names, previous.headerNames)) {
            names = previous.headerNames;
        }
        return new PolledRecord(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                names, values);
    }

    String topic() {
        return topic;
    }

    int partition() {
        return partition;
    }

    long offset() {
        return offset;
    }

    String key() {
        return key;
    }

    byte[] value() {
        return value;
    }

    TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }

    /** The headers as text, in the record's order (a name given twice keeps its last value). */
    Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < headerNames.length; i++) {
            headers.put(headerNames[i],
                    headerValues[i] == null ? null : new String(headerValues[i], StandardCharsets.UTF_8));
        }
        return headers;
    }
}
