-- Dead letters keep each issue's order: a record of an issue that has an unresolved dead letter is parked
-- behind it (HELD) instead of applied, so no read model ever sees an issue's events out of order.
--   DEAD      refused (unreadable, or a read model threw); the head of its issue's queue
--   HELD      applicable maybe, but waiting behind the DEAD record named by waiting_behind
--   RETRIED   a DEAD record applied later by an operator's retry
--   RELEASED  a HELD record applied once the record it waited behind was retried or discarded
--   DISCARDED a DEAD record the operator gave up on (kept, with when, for the audit of the read side)
ALTER TABLE dead_letter
    ADD COLUMN state          text        NOT NULL DEFAULT 'DEAD'
        CHECK (state IN ('DEAD', 'HELD', 'RETRIED', 'RELEASED', 'DISCARDED')),
    ADD COLUMN waiting_behind bigint      REFERENCES dead_letter (id),
    ADD COLUMN attempts       integer     NOT NULL DEFAULT 1,
    ADD COLUMN resolved_at    timestamptz,
    ADD CONSTRAINT dead_letter_held_names_its_head CHECK (state <> 'HELD' OR waiting_behind IS NOT NULL);

-- The consumer asks for every batch whether its keys have an open queue; only open rows are indexed.
CREATE INDEX dead_letter_open_by_key ON dead_letter (record_key, id) WHERE state IN ('DEAD', 'HELD');
