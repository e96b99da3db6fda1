-- SLA read model (package org.issueledger.query.sla). Durations are whole milliseconds of business time in the
-- calendar of the policy snapshot the issue was measured against, unless the column says wall time.

-- Every policy snapshot seen in SlaPolicyAttached, for what-if by version. Versions of one policy id are
-- immutable (the command side numbers them), so the first snapshot seen of (policy_id, version) is kept.
CREATE TABLE sla_policy_version (
    policy_id      text        NOT NULL,
    version        integer     NOT NULL,
    effective_from timestamptz,
    policy         jsonb       NOT NULL,
    -- business time of the first issue seen measured against it
    first_seen_at  timestamptz NOT NULL,
    PRIMARY KEY (policy_id, version)
);

-- Per issue: the dimensions compliance is grouped by, the snapshot it is measured against, and the per-issue
-- guard. Team and category are the issue's current ones; team never changes after creation.
CREATE TABLE sla_issue (
    issue_id       uuid PRIMARY KEY,
    team           text,
    category       text,
    priority       text,
    created_at     timestamptz NOT NULL,
    policy_id      text,
    policy_version integer,
    -- The guard that makes redelivery harmless: an event applies only if its sequence is higher.
    last_sequence  bigint      NOT NULL
);

-- One row per issue x clock (FIRST_RESPONSE, RESOLUTION), folded from the SlaClock* events.
CREATE TABLE sla_clock (
    issue_id       uuid        NOT NULL REFERENCES sla_issue (issue_id),
    clock          text        NOT NULL,
    policy_id      text,
    policy_version integer     NOT NULL,
    -- the issue's priority when the clock last took its target (start, resume, retarget)
    priority       text,
    target_ms      bigint      NOT NULL,
    started_at     timestamptz NOT NULL,
    warning_at     timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    -- business time on the clock as of running_since (running), the pause (paused) or the stop (stopped)
    elapsed_ms     bigint      NOT NULL DEFAULT 0,
    running_since  timestamptz,
    paused_since   timestamptz,
    pause_reason   text,
    pauses         integer     NOT NULL DEFAULT 0,
    -- finished pauses only; an ongoing one is added when read. Business time: working time the hold kept off the clock.
    paused_ms      bigint      NOT NULL DEFAULT 0,
    paused_wall_ms bigint      NOT NULL DEFAULT 0,
    warned_at      timestamptz,
    -- set by SlaBreached, or by a stop with met = false; a breach is never undone (a reopen carries it over)
    breached_at    timestamptz,
    -- the latest stop; cleared when the clock runs again
    stopped_at     timestamptz,
    met            boolean,
    state          text GENERATED ALWAYS AS (
                       CASE WHEN breached_at IS NOT NULL THEN 'BREACHED'
                            WHEN stopped_at IS NOT NULL THEN 'MET'
                            WHEN paused_since IS NOT NULL THEN 'PAUSED'
                            ELSE 'RUNNING' END) STORED,
    PRIMARY KEY (issue_id, clock)
);

-- Compliance and what-if windows are on the clock's start.
CREATE INDEX sla_clock_started_at ON sla_clock (started_at);
-- At-risk: running clocks, soonest due first.
CREATE INDEX sla_clock_running_due_at ON sla_clock (due_at) WHERE stopped_at IS NULL AND paused_since IS NULL;
CREATE INDEX sla_issue_team ON sla_issue (team);

-- The clock-relevant lifecycle facts of each issue, in order, for what-if: folded again under another policy.
-- fact: CREATED, PRIORITY_CHANGED (priority set on both), ON_HOLD, RESUMED, FIRST_RESPONSE, RESOLVED,
-- REOPENED (reopen or rejected verification), CANCELLED.
CREATE TABLE sla_fact (
    issue_id    uuid        NOT NULL,
    sequence    bigint      NOT NULL,
    occurred_at timestamptz NOT NULL,
    fact        text        NOT NULL,
    priority    text,
    PRIMARY KEY (issue_id, sequence)
);
