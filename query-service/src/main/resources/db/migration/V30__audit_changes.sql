-- The audit trail's before -> after of changed fields, computed once when an event is projected, so that a query
-- across issues reads them from the row instead of folding each issue's history again.

-- changes: [{"field": "owner", "before": "ana", "after": "bo"}, ...]; [] when the event changed no field; NULL when
--   they could not be computed (the row was stored before this migration, or arrived after a later event of its
--   issue had already been applied).
-- team: the issue's team as it stood after the event (XES org:group).
-- lifecycle_transition: the event's place in the XES standard lifecycle model (schedule, assign, start ...).
-- json, not jsonb, for changes and fields: nothing queries inside them, and json keeps the text as written, so
-- {"field", "before", "after"} stay in that order and fields in the order they were first set.
ALTER TABLE audit_entry
    ADD COLUMN changes              json,
    ADD COLUMN team                 text,
    ADD COLUMN lifecycle_transition text;

-- Each issue's fields as the trail last saw them, and the last sequence folded into them: the projection's own
-- state, written in the same transaction as the audit rows.
CREATE TABLE audit_issue_state (
    issue_id      uuid PRIMARY KEY,
    last_sequence bigint NOT NULL,
    fields        json   NOT NULL
);

-- GET /api/audit: filtered on occurred_at, optionally by actor or type, always ordered by (occurred_at, issue_id,
-- sequence). Each index ends in that order, so a page is read straight off the index whatever the table's size.
-- The export's order (issue_id, sequence) is the unique index audit_entry_issue_sequence of V3.
CREATE INDEX audit_entry_occurred ON audit_entry (occurred_at, issue_id, sequence);
CREATE INDEX audit_entry_actor ON audit_entry (actor, occurred_at, issue_id, sequence);
CREATE INDEX audit_entry_type ON audit_entry (type, occurred_at, issue_id, sequence);
