-- Auto-assignment rules: what the rule processor (tracking processor "assignment-rules") needs to know
-- about each issue to evaluate rules again on reclassification, the open issues per owner for
-- least-loaded, and each round-robin rule's cursor. Written in the processor's transaction, the one that
-- stores its token, so the tables always match the events the processor has passed.
-- The rules themselves are events (AssignmentRuleDefined / AssignmentRuleRemoved) in the event store.

CREATE TABLE assignment_issue (
    issue_id         UUID          PRIMARY KEY,
    title            TEXT          NOT NULL,
    description      TEXT,
    category         VARCHAR(255),
    component        VARCHAR(255),
    priority         VARCHAR(8)    NOT NULL,
    source_system    VARCHAR(255),
    team             VARCHAR(255),
    owner            VARCHAR(255),
    -- the rule that chose the current owner; null when a person did
    owner_rule_id    UUID,
    -- not yet resolved or cancelled: counts towards its owner's load
    open             BOOLEAN       NOT NULL,
    created_at       TIMESTAMPTZ   NOT NULL,
    -- imported history is kept for the load figures but never assigned by rules
    imported         BOOLEAN       NOT NULL DEFAULT false
);

CREATE INDEX assignment_issue_unassigned ON assignment_issue (created_at) WHERE open AND owner IS NULL;

CREATE TABLE assignment_owner_load (
    owner        VARCHAR(255)  PRIMARY KEY,
    open_issues  INT           NOT NULL CHECK (open_issues >= 0)
);

CREATE TABLE assignment_rule_cursor (
    rule_id     UUID    PRIMARY KEY,
    next_index  BIGINT  NOT NULL
);
