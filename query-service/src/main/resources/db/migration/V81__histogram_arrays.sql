-- Histograms held as one integer array per row (per day / week / month and key) instead of one row per bucket: the
-- bucket rows of the KPI and SLA duration histograms were hundreds of thousands of rows to group, write, make logged
-- and index after a rebuild, and thousands of rows to read for one analyst answer.
--
-- An array's subscripts are the buckets themselves (LogHistogram: floor(ln(max(seconds, 1)) / ln(1.05))), so its
-- lower bound is its first bucket: '[168:170]={2,0,5}' counts 2 in bucket 168 and 5 in bucket 170. Every array these
-- functions return is in one canonical form: no NULL, neither first nor last element 0, and '{}' when it counts
-- nothing. So a histogram depends only on what it counts, not on the order it was added in or taken back from:
-- rebuilt tables equal live ones row for row.

-- a + b, bucket by bucket.
CREATE FUNCTION histogram_add(a integer[], b integer[]) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
DECLARE
    low    integer := least(array_lower(a, 1), array_lower(b, 1));
    high   integer := greatest(array_upper(a, 1), array_upper(b, 1));
    first  integer;
    last   integer;
    result integer[] := '{}';
BEGIN
    IF low IS NULL THEN
        RETURN '{}';
    END IF;
    FOR i IN low .. high LOOP
        IF coalesce(a[i], 0) + coalesce(b[i], 0) <> 0 THEN
            first := coalesce(first, i);
            last := i;
        END IF;
    END LOOP;
    IF first IS NULL THEN
        RETURN '{}';
    END IF;
    FOR i IN first .. last LOOP
        result[i] := coalesce(a[i], 0) + coalesce(b[i], 0);
    END LOOP;
    RETURN result;
END
$$;

-- The state of histogram_of: n added to one bucket (in place; gaps are NULL until the final function).
CREATE FUNCTION histogram_put(state integer[], bucket integer, n integer) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
BEGIN
    IF bucket IS NOT NULL AND n IS NOT NULL THEN
        state[bucket] := coalesce(state[bucket], 0) + n;
    END IF;
    RETURN state;
END
$$;

-- The canonical form of an array (see above).
CREATE FUNCTION histogram_canonical(a integer[]) RETURNS integer[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
SELECT histogram_add(a, '{}')
$$;

-- histogram_of(bucket, n): the histogram of (bucket, count) rows, e.g. GROUP BY key of rows grouped by key and bucket.
CREATE AGGREGATE histogram_of(integer, integer) (
    SFUNC = histogram_put,
    STYPE = integer[],
    FINALFUNC = histogram_canonical,
    INITCOND = '{}'
);

-- histogram_sum(counts): the histograms of several rows added up (a week from its days).
CREATE AGGREGATE histogram_sum(integer[]) (
    SFUNC = histogram_add,
    STYPE = integer[],
    INITCOND = '{}'
);
