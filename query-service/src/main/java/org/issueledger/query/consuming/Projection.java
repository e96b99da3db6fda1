package org.issueledger.query.consuming;

/**
 * A read model fed by the consumer. {@link #apply} runs inside the transaction that also stores the
 * consumed offsets, so it must write through the application's DataSource and must be idempotent: after
 * a crash or a rebalance the same event can come again.
 */
public interface Projection {

    void apply(ConsumedEvent event);
}
