-- Histograms held as one integer array per row (per day / week / month and key) instead of one row per bucket: the
-- bucket rows of the KPI and SLA duration histograms were hundreds of thousands of rows to group, write, make logged
-- and index after a rebuild, and thousands of rows to read for one analyst answer.
--
-- An array's subscripts are the buckets themselves (LogHistogram: floor(ln(max(seconds, 1)) / ln(1.05))), so its
-- lower bound is its first bucket: '[168:170]={2,0,5}' counts 2 in bucket 168 and 5 in bucket 170. Every array these
-- functions return is in one canonical form: no NULL, neither first nor last element 0, and '{}' when it counts
-- nothing. So a histogram depends only on what it counts, not on the order it was added in or taken back from:
-- rebuilt tables equal live ones row for row.

-- The canonical form of an array (see above): NULLs as 0, zeros at either end cut off. Only the ends are looked at,
-- and the array is copied only when something changes: every live upsert of a histogram ends here.
CREATE FUNCTION histogram_canonical(a integer[]) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
DECLARE
    low  integer := array_lower(a, 1);
    high integer := array_upper(a, 1);
BEGIN
    WHILE low <= high AND coalesce(a[low], 0) = 0 LOOP
        low := low + 1;
    END LOOP;
    WHILE high >= low AND coalesce(a[high], 0) = 0 LOOP
        high := high - 1;
    END LOOP;
    IF low IS NULL OR low > high THEN
        RETURN '{}';
    END IF;
    IF array_position(a, NULL) IS NOT NULL THEN
        a := array_replace(a, NULL, 0);
    END IF;
    IF low = array_lower(a, 1) AND high = array_upper(a, 1) THEN
        RETURN a;
    END IF;
    -- A slice starts at subscript 1: its bounds are put back through the text form.
    RETURN ('[' || low || ':' || high || ']=' || a[low:high]::text)::integer[];
END
$$;

-- a + b, bucket by bucket. Loops over b's buckets only: in a live upsert b is a batch's few changes to one row
-- (~26 µs a call on a loaded machine, against ~100 µs for a loop over both arrays' whole range).
CREATE FUNCTION histogram_add(a integer[], b integer[]) RETURNS integer[]
    LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS
$$
DECLARE
    result integer[] := a;
BEGIN
    IF array_lower(b, 1) IS NOT NULL THEN
        FOR i IN array_lower(b, 1) .. array_upper(b, 1) LOOP
            result[i] := coalesce(result[i], 0) + coalesce(b[i], 0);
        END LOOP;
    END IF;
    -- Subscripts between a's range and b's were filled with NULL: made 0 here.
    RETURN histogram_canonical(result);
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
