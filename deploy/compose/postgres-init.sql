-- The event store lives in issueledger_command (POSTGRES_DB); the read models get a database of their own, so
-- the query side can be dropped and rebuilt from Kafka without touching the log.
CREATE DATABASE issueledger_query OWNER issueledger;
