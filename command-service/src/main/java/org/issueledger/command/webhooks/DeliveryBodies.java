package org.issueledger.command.webhooks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON a receiver gets. Rendered once, when the delivery is enqueued, and sent byte for byte on every
 * attempt, so a retry is signed over the same bytes and carries the same {@code deliveryId} (receivers
 * deduplicate on it).
 *
 * <pre>{@code
 * {"deliveryId": "…", "subscriptionId": "…",
 *  "event": {"eventId", "type", "version", "issueId", "sequence", "globalPosition", "occurredAt",
 *            "recordedAt", "actor", "metadata": {…}, "payload": {…}},
 *  "issue": {"id", "href", "team", "priority", "owner", "status"}}
 * }</pre>
 */
@Component
class DeliveryBodies {

    /** What is delivered, before it is addressed to one subscription. */
    record Event(String eventId, String type, int version, UUID issueId, long sequence, Long globalPosition,
                 Instant occurredAt, Instant recordedAt, String actor, Map<String, ?> metadata, Object payload) {
    }

    private final JsonMapper json;
    private final WebhookSettings settings;

    DeliveryBodies(JsonMapper json, WebhookSettings settings) {
        this.json = json;
        this.settings = settings;
    }

    String render(UUID deliveryId, UUID subscriptionId, Event event, IssueFacts issue) {
        Map<String, Object> eventPart = new LinkedHashMap<>();
        eventPart.put("eventId", event.eventId());
        eventPart.put("type", event.type());
        eventPart.put("version", event.version());
        eventPart.put("issueId", event.issueId());
        eventPart.put("sequence", event.sequence());
        eventPart.put("globalPosition", event.globalPosition());
        eventPart.put("occurredAt", event.occurredAt());
        eventPart.put("recordedAt", event.recordedAt());
        eventPart.put("actor", event.actor());
        Map<String, String> metadata = new TreeMap<>();
        event.metadata().forEach((key, value) -> metadata.put(key, String.valueOf(value)));
        eventPart.put("metadata", metadata);
        eventPart.put("payload", event.payload());

        Map<String, Object> issuePart = new LinkedHashMap<>();
        issuePart.put("id", event.issueId());
        issuePart.put("href", settings.issueLink().replace("{issueId}", event.issueId().toString()));
        issuePart.put("team", issue.team());
        issuePart.put("priority", issue.priority());
        issuePart.put("owner", issue.owner());
        issuePart.put("status", issue.status());

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deliveryId", deliveryId);
        body.put("subscriptionId", subscriptionId);
        body.put("event", eventPart);
        body.put("issue", issuePart);
        return json.writeValueAsString(body);
    }
}
