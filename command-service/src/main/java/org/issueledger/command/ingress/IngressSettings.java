package org.issueledger.command.ingress;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka command ingress.
 *
 * @param identities        per source system, the principal its commands are recorded under (the actor); a record
 *                          from a source system not listed here is refused
 * @param partitions        partitions of both topics when the ingress creates them
 * @param maxPollRecords    records handled between two offset commits
 * @param maxBackoff        longest wait before reconnecting after a broker or database failure
 */
@ConfigurationProperties("issueledger.ingress")
record IngressSettings(@DefaultValue("true") boolean enabled,
                       @DefaultValue("localhost:9092") String bootstrapServers,
                       @DefaultValue("issue-commands") String topic,
                       @DefaultValue("issue-command-results") String resultsTopic,
                       @DefaultValue("issueledger-command-ingress") String groupId,
                       @DefaultValue("3") int partitions,
                       @DefaultValue("1") short replicationFactor,
                       @DefaultValue("100") int maxPollRecords,
                       @DefaultValue("500ms") Duration pollTimeout,
                       @DefaultValue("30s") Duration maxBackoff,
                       Map<String, String> identities) {

    IngressSettings {
        identities = identities == null ? Map.of() : Map.copyOf(identities);
    }
}
