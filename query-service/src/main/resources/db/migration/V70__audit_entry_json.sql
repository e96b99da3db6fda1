-- The envelope's metadata and payload as the text that arrived, json rather than jsonb: nothing queries inside them
-- (they are read whole, by the audit API, the exports and the as-of replay), and jsonb's conversion to its binary
-- form was the largest part of appending an audit row (measured: ~3x the cost of json for a ~750-byte payload).
-- json also keeps the keys in the order the producer wrote them, so the audit trail shows an event exactly as sent.
ALTER TABLE audit_entry
    ALTER COLUMN metadata TYPE json USING metadata::json,
    ALTER COLUMN payload TYPE json USING payload::json;
