package org.issueledger.command.config;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeDescriptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateScopeDescriptor;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Axon's db-scheduler deadline manager, cancelling an aggregate's deadlines by key instead of by scan.
 *
 * <p>{@code cancelAllWithinScope} of the original reads every pending timer of {@code scheduled_tasks}, deserialises
 * each and compares its scope: with ten thousand open issues that is tens of thousands of rows for every command
 * that reschedules an issue's SLA deadlines, and it dominated the command path. Here each deadline scheduled for an
 * aggregate also records (scope, name, task instance) in {@code deadline_key}; cancelling deletes those rows and
 * the timers they name in one statement through the primary keys. Both writes run where the original's do: at the
 * unit of work's prepare-commit (in registration order, so a cancel followed by new deadlines keeps the new ones),
 * on the command's own transaction, so they commit or roll back with the events that caused them.
 *
 * <p>Scheduling, firing and every other cancel are the original's. A key row whose timer has fired stays until the
 * scope's next cancel; a timer without a key row (one written before the table existed, or by another scope type)
 * is not cancelled here and fires once: every deadline handler of the issue re-checks its state, so a stale timer
 * does nothing.
 *
 * <p>A timer being executed (db-scheduler's {@code picked}) loses its key but is left to db-scheduler, which removes
 * it when its execution ends: an issue's SLA timer cancels the timers from its own handler (to drop its own
 * key), and a command may cancel while a timer waits for the issue. Deleting the row under db-scheduler made it log
 * an error for every such execution ("Failed while completing execution": the row it removes was gone); the handler
 * runs either way and re-checks the state.
 */
class KeyedDeadlineManager extends DbSchedulerDeadlineManager {

    /** db-scheduler's task name of Axon's deadlines (the rows {@code scheduled_tasks} keeps for them). */
    private static final String TASK_NAME = new DbSchedulerDeadlineToken("").getTaskName();

    private static final String KEYS_SINCE_CANCEL = KeyedDeadlineManager.class.getName() + ".keysSinceCancel";

    private final JdbcTemplate jdbc;

    KeyedDeadlineManager(Builder builder, JdbcTemplate jdbc) {
        super(builder);
        this.jdbc = jdbc;
    }

    @Override
    public String schedule(Instant triggerDateTime, String deadlineName, Object messageOrPayload,
                           ScopeDescriptor deadlineScope) {
        String taskInstance = super.schedule(triggerDateTime, deadlineName, messageOrPayload, deadlineScope);
        String scope = keyOf(deadlineScope);
        if (scope != null) {
            Object[] key = {scope, deadlineName, taskInstance};
            if (CurrentUnitOfWork.isStarted()) {
                keysSinceLastCancel(CurrentUnitOfWork.get()).add(key);
            } else {
                write(List.<Object[]>of(key)); // as the timer itself: at once
            }
        }
        return taskInstance;
    }

    /**
     * The keys scheduled in this unit of work since its last cancel, written by one (multi-row) insert that runs
     * where the first of them was registered among the prepare-commit actions: after the cancel before them
     * (which must not delete them) and before any cancel after them (which must).
     */
    private List<Object[]> keysSinceLastCancel(UnitOfWork<?> unit) {
        List<Object[]> keys = unit.getResource(KEYS_SINCE_CANCEL);
        if (keys == null) {
            List<Object[]> segment = new ArrayList<>();
            unit.resources().put(KEYS_SINCE_CANCEL, segment);
            runOnPrepareCommitOrNow(() -> write(segment));
            keys = segment;
        }
        return keys;
    }

    private void write(List<Object[]> keys) {
        if (!keys.isEmpty()) {
            jdbc.batchUpdate("insert into deadline_key (scope_key, deadline_name, task_instance) values (?, ?, ?)", keys);
        }
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        String key = keyOf(scope);
        if (key == null) {
            super.cancelAllWithinScope(deadlineName, scope);
            return;
        }
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().resources().remove(KEYS_SINCE_CANCEL); // later keys go after this cancel
        }
        runOnPrepareCommitOrNow(() -> jdbc.update("""
                with gone as (delete from deadline_key where scope_key = ? and deadline_name = ? returning task_instance)
                delete from scheduled_tasks
                 where task_name = ? and task_instance in (select task_instance from gone) and not picked""",
                key, deadlineName, TASK_NAME));
    }

    /** An aggregate's type and identifier; null for any other scope (those keep the original's scan). */
    private static String keyOf(ScopeDescriptor scope) {
        return scope instanceof AggregateScopeDescriptor aggregate
                ? aggregate.getType() + "/" + aggregate.getIdentifier()
                : null;
    }
}
