package org.issueledger.query.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/**
 * One event of an issue's history as the auditor sees it: who, what, when (business time {@code occurredAt} and
 * record time {@code recordedAt}), from which system, the fields it changed, and metadata and payload exactly as
 * received.
 *
 * @param team                the issue's team as it stood after this event
 * @param lifecycleTransition the event in the XES lifecycle model, see {@link LifecycleTransition}
 * @param changes             [{field, before, after}]; null when unknown (see {@link AuditTrailProjection})
 * @param hash                the event's link in its issue's hash chain (metadata {@value #HASH}), null if absent
 * @param previousHash        the link it extends (metadata {@value #PREVIOUS_HASH}), null if absent
 */
record AuditEntry(UUID eventId, UUID issueId, long sequence, long globalPosition, String type, int version,
                  String actor, String team, Instant occurredAt, Instant recordedAt, String sourceSystem,
                  String correlationId, String lifecycleTransition, JsonNode changes, String hash,
                  String previousHash, JsonNode metadata, JsonNode payload) {

    static final String HASH = "hash";
    static final String PREVIOUS_HASH = "previousHash";

    /** The columns of every CSV form of the trail, API answers and exports alike; changes as JSON text. */
    static final List<String> CSV_HEADER = List.of("issueId", "sequence", "eventId", "globalPosition", "type",
            "version", "occurredAt", "recordedAt", "actor", "team", "sourceSystem", "correlationId",
            "lifecycleTransition", "changes", "hash", "previousHash");

    List<Object> csvRecord() {
        return Arrays.asList(issueId, sequence, eventId, globalPosition, type, version, occurredAt, recordedAt, actor,
                team, sourceSystem, correlationId, lifecycleTransition, changes == null ? null : changes.toString(),
                hash, previousHash);
    }
}
