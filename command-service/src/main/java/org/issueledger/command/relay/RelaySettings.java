package org.issueledger.command.relay;

import java.time.Duration;

import org.issueledger.events.EventEnvelope;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where and how events are relayed to Kafka.
 *
 * @param partitions        partitions of the topic when the relay creates it (at scale: one per query-service
 *                          instance you may ever want, e.g. 12)
 * @param replicationFactor 1 locally, 3 on a cluster
 * @param sendTimeout       how long the relay waits for the broker's acknowledgement before it gives up on
 *                          this attempt (the processor then retries from its last token)
 * @param lagEventsLimit    the relay's health is OUT_OF_SERVICE with more events than this waiting in the store
 * @param lagAgeLimit       … or when the oldest waiting event is older than this
 */
@ConfigurationProperties("issueledger.kafka")
record RelaySettings(@DefaultValue("localhost:9092") String bootstrapServers,
                     @DefaultValue(EventEnvelope.TOPIC) String topic,
                     @DefaultValue("3") int partitions,
                     @DefaultValue("1") short replicationFactor,
                     @DefaultValue("30s") Duration sendTimeout,
                     @DefaultValue("10000") long lagEventsLimit,
                     @DefaultValue("5m") Duration lagAgeLimit) {
}
