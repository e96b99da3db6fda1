package org.issueledger.bench;

import java.util.Map;

/** One benchmark. Each runs on a system of its own, started fresh by bench/run.sh. */
interface Scenario {

    String name();

    /** One line for the table and the JSON. */
    String description();

    /** Concurrent clients; the limits of the machine are measured at the same concurrency. */
    int concurrency(Settings settings);

    /** Before the services start (PostgreSQL and Kafka are up). */
    default void prepare(Context context) throws Exception {
    }

    /**
     * With the services up. Answers the scenario's figures: at least {@code throughput} (a {@link Figure}) and
     * {@code latencyMs} (p50, p95, p99), plus whatever else it measured.
     */
    Map<String, Object> measure(Context context, ProcessStats stats) throws Exception;

    record Figure(double value, String unit) {
    }
}
