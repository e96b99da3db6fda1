package org.issueledger.command.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.issueledger.events.issue.IssueEvent;
import org.springframework.stereotype.Component;

/**
 * Relays the event store, in global order, to topic {@code issue-events}, keyed by issue id so that
 * one issue's events stay ordered in one partition.
 *
 * <p>It runs in a streaming processor whose token lives in PostgreSQL. The processor hands it a batch of
 * events in one unit of work; each is sent at once without waiting, and before the unit of work commits
 * (and with it the token) every acknowledgement of the batch is awaited. A failure propagates (see
 * {@link RelayConfig}), the unit of work rolls back, and the token does not advance: the batch is sent
 * again later. Delivery is therefore at-least-once, and consumers deduplicate on event id / issue
 * sequence. Waiting once per batch instead of once per event lets the producer pipeline the sends: the
 * relay keeps pace with bulk imports instead of paying a broker round trip for every event.
 */
@Component
@ProcessingGroup(KafkaRelay.PROCESSING_GROUP)
class KafkaRelay {

    static final String PROCESSING_GROUP = "kafka-relay";
    private static final String PENDING_ACKS = KafkaRelay.class.getName() + ".pendingAcks";

    private final Producer<String, byte[]> producer;
    private final TopicAdmin topicAdmin;
    private final IssueEventRecords records;
    private final RelaySettings settings;

    KafkaRelay(Producer<String, byte[]> producer, TopicAdmin topicAdmin, IssueEventRecords records,
               RelaySettings settings) {
        this.producer = producer;
        this.topicAdmin = topicAdmin;
        this.records = records;
        this.settings = settings;
    }

    /**
     * Takes the message, not the event: the record is built from the event's stored form, so the payload is
     * never deserialized here (see {@link IssueEventRecords}).
     */
    @EventHandler(payloadType = IssueEvent.class)
    void on(EventMessage<?> message, @SequenceNumber long sequence, TrackingToken token) throws Exception {
        topicAdmin.ensureTopic();
        long globalPosition = token.position().orElseThrow(
                () -> new IllegalStateException("Tracking token without a position: " + token));
        pendingAcks().add(producer.send(records.of(message, sequence, globalPosition)));
    }

    /** The batch's sends not yet acknowledged; the first event of a batch arranges the wait before its commit. */
    private List<Future<RecordMetadata>> pendingAcks() {
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        return batch.getOrComputeResource(PENDING_ACKS, key -> {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            batch.onPrepareCommit(unit -> awaitAll(acks));
            return acks;
        });
    }

    private void awaitAll(List<Future<RecordMetadata>> acks) {
        long deadline = System.nanoTime() + settings.sendTimeout().toNanos();
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the broker's acknowledgements", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("The broker did not acknowledge a batch of " + acks.size()
                    + " events; the relay keeps its token and sends them again", e);
        }
    }
}
