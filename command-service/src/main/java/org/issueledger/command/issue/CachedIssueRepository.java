package org.issueledger.command.issue;

import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.eventsourcing.EventSourcedAggregate;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.NoSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Axon's event-sourcing repository for {@link Issue}, keeping the issues it last saved in memory, checked
 * against the store on every load.
 *
 * <p>Without it every command replays the issue's whole history from the store: a query returning every
 * event, each payload deserialised and applied. An issue in active work has tens of events (each lifecycle
 * command adds one to four with its SLA clock events), so the command path's cost grew with the issue's
 * age, and replay was most of it. Here a load asks the store only for the issue's last sequence number
 * (an index lookup): when it is the version kept in memory, nothing happened to the issue since this
 * instance saved it, and that state is used; otherwise (another instance wrote to it, or it was never
 * kept) the issue is replayed as before. Several instances therefore never decide on stale state: what
 * is used is what the store holds at the moment of the load, exactly what a replay would give. Two
 * commands racing on one issue still meet at the store's unique (issue, sequence) key, as before.
 *
 * <p>An entry is kept when a unit of work saves the issue (at prepare-commit) and dropped when that unit
 * of work — or the one that loaded it — rolls back: a refused command may have applied SLA catch-up
 * events to the in-memory state before it was refused, and that state must not outlive it. Within one
 * instance a unit of work holds the issue's lock from load to commit, so no two share an entry. The
 * newest {@code capacity} issues saved are kept; an older one is replayed when it comes back.
 */
class CachedIssueRepository extends EventSourcingRepository<Issue> {

    private record Kept(Issue root, long version) {
    }

    private final EventStore eventStore;
    private final Map<String, Kept> kept;

    CachedIssueRepository(Builder<Issue> builder, EventStore eventStore, int capacity) {
        super(builder.eventStore(eventStore));
        this.eventStore = eventStore;
        this.kept = java.util.Collections.synchronizedMap(new LinkedHashMap<>(1_024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
                return size() > capacity;
            }
        });
    }

    @Override
    protected EventSourcedAggregate<Issue> doLoadWithLock(String aggregateIdentifier, Long expectedVersion) {
        forgetOnRollback(aggregateIdentifier);
        Kept entry = kept.remove(aggregateIdentifier);
        if (entry != null && eventStore.lastSequenceNumberFor(aggregateIdentifier).orElse(-1L) == entry.version()) {
            return EventSourcedAggregate.reconstruct(entry.root(), aggregateModel(), entry.version(), false,
                    eventStore, NoSnapshotTriggerDefinition.TRIGGER);
        }
        return super.doLoadWithLock(aggregateIdentifier, expectedVersion);
    }

    @Override
    protected void doSaveWithLock(EventSourcedAggregate<Issue> aggregate) {
        super.doSaveWithLock(aggregate);
        String id = aggregate.identifierAsString();
        Long version = aggregate.version();
        if (id != null && version != null) {
            forgetOnRollback(id);
            kept.put(id, new Kept(aggregate.getAggregateRoot(), version));
        }
    }

    /** On the current unit of work and its root: a nested command's state goes when the batch around it rolls back. */
    private void forgetOnRollback(String aggregateIdentifier) {
        if (!CurrentUnitOfWork.isStarted()) {
            return;
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get();
        unit.onRollback(u -> kept.remove(aggregateIdentifier));
        if (unit.root() != unit) {
            unit.root().onRollback(u -> kept.remove(aggregateIdentifier));
        }
    }
}
