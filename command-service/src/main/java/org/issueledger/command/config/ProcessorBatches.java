package org.issueledger.command.config;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.axonframework.messaging.Message;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State a tracking processor keeps for one batch of its events — one unit of work, one transaction with its token — so
 * that the batch reads and writes its tables once instead of once or twice per event (the webhooks and assignment-rules
 * processors). The state is made at the batch's first event from all of the batch's messages, and written when the
 * batch's unit of work prepares to commit, in its transaction: a batch rolled back writes nothing.
 */
public final class ProcessorBatches {

    private ProcessorBatches() {
    }

    /**
     * The state of this type of the batch the current event belongs to.
     *
     * @param make  the state, from the batch's messages (those of Axon's batching unit of work, or the one message of a
     *              plain one); called once per batch
     * @param write what the state writes when the batch commits
     */
    public static <T> T current(Class<T> type, Function<List<? extends Message<?>>, T> make, Consumer<T> write) {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(type.getName(), key -> {
            List<? extends Message<?>> messages = root instanceof BatchingUnitOfWork<?> batch ? batch.getMessages()
                    : List.of(root.getMessage());
            T state = make.apply(messages);
            root.onPrepareCommit(committing -> write.accept(state));
            return state;
        });
    }
}
