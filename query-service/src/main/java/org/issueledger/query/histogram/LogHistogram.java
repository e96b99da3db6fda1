package org.issueledger.query.histogram;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Durations counted in buckets 5 % wide on a log scale, the form in which read models keep them per day (KPI times
 * to respond and resolve, SLA clocks' elapsed time) so that a long period's median and p90 are read from a few
 * hundred rows instead of sorting every duration. Bucket {@code b} holds [1.05^b, 1.05^(b+1)) seconds (bucket 0 also
 * everything below one second), so a percentile read from it is within 5 % of the exact one.
 */
public final class LogHistogram {

    /** Relative width of a bucket. */
    public static final double GROWTH = 1.05;

    private final List<long[]> buckets = new ArrayList<>();
    private long count;

    /**
     * The bucket of a duration, as SQL over an expression in seconds: computed by PostgreSQL only, with this one
     * expression, so that a bucket taken back later is exactly the bucket that was added.
     */
    public static String bucketOf(String secondsExpression) {
        return "CAST(floor(ln(greatest(" + secondsExpression + ", 1)) / ln(" + GROWTH + ")) AS smallint)";
    }

    /**
     * SQL: per {@code keys}, the histogram (V81's canonical array: subscript = bucket, no leading or trailing 0) of the
     * rows of {@code bucketRows} (columns {@code keys}, {@code bucket}, {@code n}: one row per key and bucket); keys
     * whose counts are all 0 have no row. What {@code histogram_of} gives, from built-in functions only: the array's
     * text ({@code [first:last]={n,0,0,n}}, the gaps as zeros) cast to {@code integer[]}, without a PL/pgSQL call per
     * bucket row (1.5x quicker over the ~350,000 bucket rows of a 1M-event rebuild's fill).
     */
    public static String arraysOf(String keys, String bucketRows) {
        return arraysOf(keys, bucketRows, List.of());
    }

    /**
     * {@link #arraysOf(String, String)} with, per key, the sums of the columns {@code summed} of {@code bucketRows}
     * (and of {@code n}, as column {@code n}) over the same rows (those with n &ne; 0), in the same aggregation:
     * totals without a second grouping of the bucket rows and a join.
     */
    public static String arraysOf(String keys, String bucketRows, List<String> summed) {
        StringBuilder columns = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (String column : summed) {
            columns.append(column).append(", ");
            sums.append(", sum(").append(column).append(") AS ").append(column);
        }
        return """
                SELECT %1$s, CAST('[' || min(bucket) || ':' || max(bucket) || ']={'
                                  || string_agg(repeat('0,', gap) || n, ',' ORDER BY bucket) || '}' AS integer[])
                           AS counts%3$s
                  FROM (SELECT %1$s, bucket, n, %4$s
                               coalesce(bucket - lag(bucket) OVER (PARTITION BY %1$s ORDER BY bucket) - 1, 0) AS gap
                          FROM %2$s
                         WHERE n <> 0) AS g
                 GROUP BY %1$s""".formatted(keys, bucketRows,
                summed.isEmpty() ? "" : ", sum(n) AS n" + sums, columns);
    }

    /** Buckets must come in ascending order. */
    public void add(int bucket, long n) {
        buckets.add(new long[] {bucket, n});
        count += n;
    }

    /**
     * Histograms kept as arrays (V81: subscript = bucket, so the array's lower bound is its first bucket) added up in
     * any order, e.g. the days and weeks of a period.
     */
    public static final class Sum {

        private long[] counts = new long[0];

        /** Adds the array of column {@code counts} and its lower bound, column {@code firstBucket}. */
        public void add(ResultSet row, String firstBucket, String counts) throws SQLException {
            Array array = row.getArray(counts);
            if (array != null) {
                add(row.getInt(firstBucket), (Integer[]) array.getArray());
            }
        }

        public void add(int firstBucket, Integer[] counts) {
            if (firstBucket + counts.length > this.counts.length) {
                this.counts = Arrays.copyOf(this.counts, firstBucket + counts.length);
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != null) {
                    this.counts[firstBucket + i] += counts[i];
                }
            }
        }

        public LogHistogram histogram() {
            LogHistogram histogram = new LogHistogram();
            for (int bucket = 0; bucket < counts.length; bucket++) {
                if (counts[bucket] != 0) {
                    histogram.add(bucket, counts[bucket]);
                }
            }
            return histogram;
        }
    }

    public long count() {
        return count;
    }

    /** "bucket:n" in bucket order: what the histogram holds, for comparing. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        buckets.forEach(bucket -> text.append(bucket[0]).append(':').append(bucket[1]).append(' '));
        return text.toString();
    }

    /** In seconds, as {@code percentile_cont}: rank p * (count - 1) between the two nearest values. */
    public double percentileSeconds(double p) {
        double rank = p * (count - 1);
        long below = (long) Math.floor(rank);
        double lower = secondsAt(below);
        double upper = secondsAt(Math.min(count - 1, below + 1));
        return lower + (upper - lower) * (rank - below);
    }

    /** The {@code index}-th smallest value (from 0) in seconds, spread evenly (log scale) over its bucket. */
    private double secondsAt(long index) {
        long before = 0;
        for (long[] bucket : buckets) {
            if (index < before + bucket[1]) {
                double low = Math.pow(GROWTH, bucket[0]);
                double position = (index - before + 0.5) / bucket[1];
                return bucket[0] == 0 ? position * GROWTH : low * Math.pow(GROWTH, position);
            }
            before += bucket[1];
        }
        return Double.NaN;
    }
}
