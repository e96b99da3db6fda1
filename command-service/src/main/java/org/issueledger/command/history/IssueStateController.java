package org.issueledger.command.history;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * An issue as it stood at any instant, straight from the event store (no read model, no Kafka): its
 * events folded in sequence order up to the last one the store had recorded by then. Record time, not
 * business time, decides: the answer is what the system knew at that instant, so a back-dated import
 * recorded later does not change the past.
 */
@RestController
class IssueStateController {

    private final EventStore eventStore;
    private final Clock clock;

    IssueStateController(EventStore eventStore, Clock clock) {
        this.eventStore = eventStore;
        this.clock = clock;
    }

    /** The issue existed, but the store recorded its first event only after the instant asked about. */
    static final class NotYetRecorded extends RuntimeException {
        final UUID issueId;

        NotYetRecorded(UUID issueId, Instant asOf, Instant firstRecordedAt) {
            super("Issue " + issueId + " did not exist at " + asOf + "; its first event was recorded at "
                    + firstRecordedAt, null, false, false);
            this.issueId = issueId;
        }
    }

    /**
     * Record times of one issue only grow with its sequence (one command at a time per issue), so the
     * events recorded up to {@code asOf} are a prefix: reading stops at the first later one.
     */
    @Operation(summary = "The issue as it stood at an instant",
            description = "Folds the issue's events recorded (store record time) up to asOf, an ISO-8601 instant; "
                    + "without asOf, now. 404 problem+json when the issue did not exist at that instant or at all, "
                    + "400 for a malformed asOf.")
    @GetMapping("/api/issues/{id}/state")
    IssueState state(@PathVariable UUID id, @RequestParam(required = false) Instant asOf) {
        Instant at = asOf != null ? asOf : clock.instant();
        IssueFold fold = new IssueFold();
        // From sequence 0, never from a snapshot: the state must be the fold of the events themselves.
        DomainEventStream stream = eventStore.readEvents(id.toString(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getTimestamp().isAfter(at)) {
                if (fold.isEmpty()) {
                    throw new NotYetRecorded(id, at, message.getTimestamp());
                }
                break;
            }
            fold.apply((IssueEvent) message.getPayload(), message.getSequenceNumber(), message.getTimestamp());
        }
        if (fold.isEmpty()) {
            throw new AggregateNotFoundException(id.toString(), "No issue with id " + id);
        }
        return fold.state(at);
    }

    @ExceptionHandler(NotYetRecorded.class)
    ProblemDetail notYetRecorded(NotYetRecorded e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("Issue did not exist at that instant");
        problem.setProperty("issueId", e.issueId);
        return problem;
    }
}
