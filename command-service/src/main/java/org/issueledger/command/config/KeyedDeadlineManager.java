package org.issueledger.command.config;

import java.time.Instant;

import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineToken;
import org.axonframework.messaging.ScopeDescriptor;
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
 */
class KeyedDeadlineManager extends DbSchedulerDeadlineManager {

    /** db-scheduler's task name of Axon's deadlines (the rows {@code scheduled_tasks} keeps for them). */
    private static final String TASK_NAME = new DbSchedulerDeadlineToken("").getTaskName();

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
            runOnPrepareCommitOrNow(() -> jdbc.update(
                    "insert into deadline_key (scope_key, deadline_name, task_instance) values (?, ?, ?)",
                    scope, deadlineName, taskInstance));
        }
        return taskInstance;
    }

    @Override
    public void cancelAllWithinScope(String deadlineName, ScopeDescriptor scope) {
        String key = keyOf(scope);
        if (key == null) {
            super.cancelAllWithinScope(deadlineName, scope);
            return;
        }
        runOnPrepareCommitOrNow(() -> jdbc.update("""
                with gone as (delete from deadline_key where scope_key = ? and deadline_name = ? returning task_instance)
                delete from scheduled_tasks where task_name = ? and task_instance in (select task_instance from gone)""",
                key, deadlineName, TASK_NAME));
    }

    /** An aggregate's type and identifier; null for any other scope (those keep the original's scan). */
    private static String keyOf(ScopeDescriptor scope) {
        return scope instanceof AggregateScopeDescriptor aggregate
                ? aggregate.getType() + "/" + aggregate.getIdentifier()
                : null;
    }
}
