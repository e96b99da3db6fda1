package org.issueledger.command.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.issueledger.events.sla.SlaPolicy;
import org.issueledger.events.sla.SlaPolicyVersionDefined;
import org.springframework.stereotype.Component;

/**
 * Which SLA policy version is in force at an instant: the one with the latest effective date not after
 * it (the higher version on a tie). A new issue is measured against the version in force at its
 * business time and keeps a snapshot of it.
 *
 * <p>Read from the event store, and re-read only when the book's last sequence moved — one indexed
 * lookup per new issue, and every instance sees a new version at once.
 */
@Component
public class SlaPolicies {

    private final EventStore eventStore;
    /** Until version 1 is in the log (the first seconds of the very first start), the same policy from configuration. */
    private final SlaPolicy configured;
    private volatile Cached cached;

    SlaPolicies(EventStore eventStore, SlaSettings settings) {
        this.eventStore = eventStore;
        this.configured = settings.applyTo(SlaPolicy.defaults());
        this.cached = new Cached(-1, List.of(configured));
    }

    private record Cached(long lastSequence, List<SlaPolicy> versions) {
    }

    public SlaPolicy inForceAt(Instant at) {
        return inForceAt(versions(), at);
    }

    /**
     * The book as it stands now, asked once: for a bulk importer, which creates thousands of issues a second and
     * would otherwise look up the book's last sequence (a transaction of its own) for every one. A version defined
     * after this call is seen by the next call.
     */
    public Function<Instant, SlaPolicy> asOfNow() {
        List<SlaPolicy> versions = versions();
        return at -> inForceAt(versions, at);
    }

    private SlaPolicy inForceAt(List<SlaPolicy> versions, Instant at) {
        SlaPolicy inForce = null;
        for (SlaPolicy policy : versions) {
            if (!policy.effectiveFrom().isAfter(at) && (inForce == null || IN_FORCE_ORDER.compare(policy, inForce) > 0)) {
                inForce = policy;
            }
        }
        return inForce != null ? inForce : configured;
    }

    private static final Comparator<SlaPolicy> IN_FORCE_ORDER =
            Comparator.comparing(SlaPolicy::effectiveFrom).thenComparingInt(SlaPolicy::version);

    /** Every version, oldest first. */
    public List<SlaPolicy> versions() {
        Optional<Long> last = eventStore.lastSequenceNumberFor(SlaPolicyBook.DEFAULT_BOOK);
        Cached current = cached;
        if (last.isPresent() && last.get() != current.lastSequence()) {
            List<SlaPolicy> versions = new ArrayList<>();
            DomainEventStream stream = eventStore.readEvents(SlaPolicyBook.DEFAULT_BOOK);
            while (stream.hasNext()) {
                DomainEventMessage<?> message = stream.next();
                if (message.getPayload() instanceof SlaPolicyVersionDefined defined) {
                    versions.add(defined.policy());
                }
            }
            current = new Cached(last.get(), List.copyOf(versions));
            cached = current;
        }
        return current.versions();
    }
}
