-- Outbound webhooks: subscriptions, the delivery outbox with its log, and what the delivery side
-- needs to know about each issue (for filters and reminders).
--
-- Plain tables rather than an event-sourced aggregate: a subscription is operational configuration
-- holding a secret, and the event log keeps everything forever; the outbox and the log change on
-- every attempt, which no one needs to replay.

CREATE TABLE webhook_subscription (
    id                    UUID          PRIMARY KEY,
    url                   VARCHAR(2000) NOT NULL,
    description           VARCHAR(500),
    -- wire names (IssueEscalated, SlaBreached, …) and the synthetic IssueReminder
    event_types           TEXT[]        NOT NULL,
    -- empty = any team / any priority
    teams                 TEXT[]        NOT NULL DEFAULT '{}',
    priorities            TEXT[]        NOT NULL DEFAULT '{}',
    -- HMAC key: write-only through the API, never in an event or a log line.
    secret                VARCHAR(256)  NOT NULL,
    status                VARCHAR(16)   NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED')),
    paused_reason         VARCHAR(1000),
    paused_at             TIMESTAMPTZ,
    consecutive_failures  INT           NOT NULL DEFAULT 0,
    -- The store's last global position when the subscription was made: only later events are delivered,
    -- however far behind the delivery processor is.
    from_position         BIGINT        NOT NULL,
    created_at            TIMESTAMPTZ   NOT NULL,
    created_by            VARCHAR(100)  NOT NULL,
    updated_at            TIMESTAMPTZ   NOT NULL,
    -- One sender at a time per subscription, across instances: that is what keeps its order.
    lease_owner           VARCHAR(100),
    lease_until           TIMESTAMPTZ
);

-- The outbox. Rows are written by the delivery processor in the transaction that advances its token,
-- so an event is enqueued exactly once per matching subscription whatever restarts happen; the unique
-- key makes even a replayed event harmless.
CREATE TABLE webhook_delivery (
    id                BIGSERIAL     PRIMARY KEY,
    delivery_id       UUID          NOT NULL UNIQUE,
    subscription_id   UUID          NOT NULL REFERENCES webhook_subscription (id) ON DELETE CASCADE,
    -- the event id, or reminder:<…> for a reminder
    dedup_key         VARCHAR(200)  NOT NULL,
    event_type        VARCHAR(64)   NOT NULL,
    issue_id          UUID          NOT NULL,
    global_position   BIGINT,
    -- Sent byte for byte on every attempt: text, not jsonb, which would reorder keys and break signatures.
    body              TEXT          NOT NULL,
    status            VARCHAR(16)   NOT NULL CHECK (status IN ('PENDING', 'DELIVERED')),
    attempts          INT           NOT NULL DEFAULT 0,
    next_attempt_at   TIMESTAMPTZ   NOT NULL,
    created_at        TIMESTAMPTZ   NOT NULL,
    delivered_at      TIMESTAMPTZ,
    last_status_code  INT,
    last_error        VARCHAR(1000),
    CONSTRAINT uq_webhook_delivery_event UNIQUE (subscription_id, dedup_key)
);

-- A subscription's queue head: its oldest pending delivery.
CREATE INDEX webhook_delivery_pending ON webhook_delivery (subscription_id, id) WHERE status = 'PENDING';
CREATE INDEX webhook_delivery_by_subscription ON webhook_delivery (subscription_id, id DESC);

-- The delivery log: one row per HTTP attempt.
CREATE TABLE webhook_delivery_attempt (
    delivery_id   BIGINT        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt       INT           NOT NULL,
    started_at    TIMESTAMPTZ   NOT NULL,
    duration_ms   BIGINT        NOT NULL,
    status_code   INT,
    error         VARCHAR(1000),
    PRIMARY KEY (delivery_id, attempt)
);

-- Per issue, what filters and reminders ask about, folded by the delivery processor.
CREATE TABLE webhook_issue (
    issue_id          UUID          PRIMARY KEY,
    team              VARCHAR(255),
    priority          VARCHAR(8),
    owner             VARCHAR(255),
    status            VARCHAR(16)   NOT NULL,
    last_sequence     BIGINT        NOT NULL,
    -- Record time of the issue's last event by someone other than system:* (the SLA clock's own
    -- warnings and escalations are not progress). "No update for X" is measured from here.
    last_update_at    TIMESTAMPTZ   NOT NULL,
    last_reminded_at  TIMESTAMPTZ
);

CREATE INDEX webhook_issue_silent ON webhook_issue (status, last_update_at);
