package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The services' own lag gauges, sampled every second from their Prometheus endpoints: the relay's
 * ({@code issueledger_relay_lag_seconds}, command-service: age of the oldest stored event not yet acknowledged by
 * Kafka) and the projection's ({@code issueledger_projection_lag_seconds}, query-service, per partition: how long the
 * oldest fetched record not yet applied has waited; the highest partition is taken). An end-to-end lag that neither
 * gauge shows lies between them (Kafka, the consumer's poll) or in the measurement.
 */
final class StageLag {

    private final Context context;
    private final Series relay = new Series();
    private final Series projection = new Series();
    private ScheduledExecutorService sampler;

    StageLag(Context context) {
        this.context = context;
    }

    synchronized void start() {
        if (sampler != null) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(this::sample, 0, 1, TimeUnit.SECONDS);
    }

    synchronized void stop() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    Map<String, Object> summary() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("relay", relay.summary());
        out.put("projection", projection.summary());
        return out;
    }

    private void sample() {
        relay.add(highest(context.settings.commandUrl(), "issueledger_relay_lag_seconds"));
        projection.add(highest(context.settings.queryUrl(), "issueledger_projection_lag_seconds"));
    }

    /** The highest value of the gauge's series (NaN when it is not there or the service does not answer). */
    private double highest(String baseUrl, String gauge) {
        try {
            HttpResponse<String> answer = context.http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
                            .header("X-API-Key", Context.API_KEY).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            double highest = Double.NaN;
            for (String line : answer.body().split("\n")) {
                if (line.startsWith(gauge + " ") || line.startsWith(gauge + "{")) {
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (!Double.isNaN(value) && (Double.isNaN(highest) || value > highest)) {
                        highest = value;
                    }
                }
            }
            return highest;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    private static final class Series {
        private int n;
        private double sum;
        private double max;

        synchronized void add(double value) {
            if (!Double.isNaN(value)) {
                n++;
                sum += value;
                max = Math.max(max, value);
            }
        }

        synchronized Map<String, Object> summary() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("samples", n);
            out.put("mean", n == 0 ? Double.NaN : Latencies.round(sum / n));
            out.put("max", Latencies.round(max));
            return out;
        }
    }
}
