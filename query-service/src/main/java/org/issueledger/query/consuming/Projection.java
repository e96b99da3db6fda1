package org.issueledger.query.consuming;

import java.util.List;

/**
 * A read model fed by the consumer. {@link #applyAll} runs inside the transaction that also stores the
 * consumed offsets, so it must write through the application's DataSource and must be idempotent: after
 * a crash or a rebalance the same events can come again, a batch partly applied before included.
 *
 * <p>A batch is one poll: its events stand in partition order, so those of one issue stand in sequence order
 * (an issue's events share a key, hence a partition). A projection applies the whole batch set-based — a few
 * statements per table and batch instead of several per event — and must leave exactly the rows that
 * applying the events one by one, in that order, would leave.
 *
 * <p>Its SQL names tables without a schema: a rebuild runs the same projection with the search path
 * pointing at fresh tables first, so unqualified names are what lets one projection fill either.
 */
public interface Projection {

    void applyAll(List<ConsumedEvent> batch);

    /**
     * As {@link #applyAll}, for a replay into empty tables that fills the {@link ReadModel#derived derived} tables
     * itself once it has caught up: those are left alone here. A projection without derived tables, or one that keeps
     * them anyway, needs nothing else (the replay empties a derived table before it fills it).
     */
    default void replayAll(List<ConsumedEvent> batch) {
        applyAll(batch);
    }

    /** One event alone: a batch of one. */
    default void apply(ConsumedEvent event) {
        applyAll(List.of(event));
    }

    /** What this projection fills; a rebuild replaces exactly these tables. */
    ReadModel readModel();
}
