package org.issueledger.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Response times of one series, exact percentiles (nearest rank). Thread-safe. */
final class Latencies {

    private long[] nanos = new long[1024];
    private int size;
    private int errors;

    synchronized void record(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    synchronized void forEachSample(java.util.function.LongConsumer consumer) {
        for (int i = 0; i < size; i++) {
            consumer.accept(nanos[i]);
        }
    }

    synchronized void error() {
        errors++;
    }

    synchronized int count() {
        return size;
    }

    synchronized double percentileMs(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1e6;
    }

    synchronized double meanMs() {
        return size == 0 ? Double.NaN : Arrays.stream(nanos, 0, size).average().orElse(0) / 1e6;
    }

    synchronized Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("n", size);
        out.put("errors", errors);
        out.put("p50", round(percentileMs(50)));
        out.put("p95", round(percentileMs(95)));
        out.put("p99", round(percentileMs(99)));
        out.put("max", round(percentileMs(100)));
        out.put("mean", round(meanMs()));
        return out;
    }

    static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 100) / 100.0;
    }
}
