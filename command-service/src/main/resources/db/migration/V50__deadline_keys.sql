-- Which pending deadline (a db-scheduler task instance of scheduled_tasks) belongs to which scope (an issue), so
-- that cancelling an issue's SLA deadlines is a key lookup. Axon's db-scheduler deadline manager cancels "all
-- within a scope" by reading and deserialising every pending timer of the table: O(open issues) per command
-- that reschedules (hold, resume, resolve, reopen …). Written in the same transaction as the timer itself.
-- A row whose timer already fired is left until the scope's next cancel; a timer without a row (scheduled
-- before this table existed) is never cancelled, fires once and finds nothing to do (deadlines are stale-safe).
CREATE TABLE deadline_key (
    scope_key     TEXT NOT NULL,
    deadline_name TEXT NOT NULL,
    task_instance TEXT NOT NULL,
    PRIMARY KEY (scope_key, deadline_name, task_instance)
);
