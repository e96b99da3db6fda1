package org.issueledger.query.consuming;

/**
 * A read model fed by the consumer. {@link #apply} runs inside the transaction that also stores the
 * consumed offsets, so it must write through the application's DataSource and must be idempotent: after
 * a crash or a rebalance the same event can come again.
 *
 * <p>Its SQL names tables without a schema: a rebuild runs the same projection with the search path
 * pointing at fresh tables first, so unqualified names are what lets one projection fill either.
 */
public interface Projection {

    void apply(ConsumedEvent event);

    /** What this projection fills; a rebuild replaces exactly these tables. */
    ReadModel readModel();
}
