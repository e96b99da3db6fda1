-- window=all rankings read the top keys of ranking_total. Without an index they sort every key of the dimension
-- (hundreds of thousands of fingerprints: ~100 ms on 1M issues); with it they read `limit` index entries.
-- The cost: an increment of n is no longer a HOT update (one more index entry per counted issue and dimension),
-- to be weighed with `bench/run.sh projection` (see bench/README.md).
CREATE INDEX ranking_total_top ON ranking_total (dimension, n DESC, key);
