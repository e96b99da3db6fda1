package org.issueledger.command.issue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The issue's raw event stream straight from the event store, in order: what the aggregate itself is
 * rebuilt from, independent of Kafka and of any read model.
 */
@RestController
class IssueEventsController {

    private final EventStore eventStore;

    IssueEventsController(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    record StoredEvent(String eventId, long sequence, String type, int version, Instant occurredAt,
                       Instant recordedAt, String actor, Map<String, Object> metadata, IssueEvent payload) {
    }

    record EventStreamAnswer(UUID issueId, List<StoredEvent> events) {
    }

    @GetMapping("/api/issues/{id}/events")
    EventStreamAnswer events(@PathVariable UUID id) {
        List<StoredEvent> events = new ArrayList<>();
        DomainEventStream stream = eventStore.readEvents(id.toString());
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            IssueEvent event = (IssueEvent) message.getPayload();
            EventType type = EventType.of(event);
            events.add(new StoredEvent(message.getIdentifier(), message.getSequenceNumber(), type.wireName(),
                    type.version(), event.occurredAt(), message.getTimestamp(), event.actor(),
                    new TreeMap<>(message.getMetaData()), event));
        }
        if (events.isEmpty()) {
            throw new AggregateNotFoundException(id.toString(), "No issue with id " + id);
        }
        return new EventStreamAnswer(id, events);
    }
}
