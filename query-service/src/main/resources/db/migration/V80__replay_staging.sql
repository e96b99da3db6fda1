-- Staging tables of a rebuild. A replay into fresh tables appends what each batch adds to the daily counters here
-- (no key, no index: a plain COPY) instead of upserting them into kpi_daily, kpi_duration_daily and ranking_count,
-- where every key is looked up in an index that grows with the replay; once it has caught up, one GROUP BY per
-- counter table sums them (see ReadModel.staging). The live consumer never writes these: in the live schema they
-- stay empty.

-- What a batch adds to kpi_daily, per key: its columns, without its key and defaults.
CREATE TABLE kpi_daily_replay (LIKE kpi_daily);

-- A duration added to (sign 1) or taken back from (sign -1) kpi_duration_daily: its seconds and bucket are computed
-- when summed, by the same expressions as the live consumer's.
CREATE TABLE kpi_duration_replay (
    measure    text        NOT NULL,
    dimension  text        NOT NULL,
    day        date        NOT NULL,
    key        text        NOT NULL,
    created_at timestamptz NOT NULL,
    at         timestamptz NOT NULL,
    sign       integer     NOT NULL
);

-- What a batch adds to ranking_count, per key.
CREATE TABLE ranking_count_replay (LIKE ranking_count);
