package org.issueledger.query.audit;

import java.time.Instant;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** One event of an issue's history as the auditor sees it; metadata and payload exactly as received. */
record AuditEntry(UUID eventId, long sequence, long globalPosition, String type, int version, String actor,
                  Instant occurredAt, Instant recordedAt, String correlationId, String sourceSystem,
                  JsonNode metadata, JsonNode payload) {
}
