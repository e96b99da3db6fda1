package org.issueledger.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.issueledger.events.EventEnvelope;

/**
 * How far the query-service's live consumer has got. The offsets it stores in PostgreSQL with the rows they produced
 * are the exact measure: summed over the partitions, they count the records applied (the relay's producer is not
 * transactional, so a topic's end offsets count its records). The highest global position applied (what every
 * answer's freshness states) is not enough on its own: it is reached while another partition still lags.
 */
final class QuerySide {

    private QuerySide() {
    }

    /** Records applied, all partitions together. */
    static long appliedRecords(Context context) throws Exception {
        try (Connection connection = context.queryDb(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls every 200 ms until {@code records} are applied or the deadline ({@link System#nanoTime()}) passes. */
    static long awaitApplied(Context context, long records, long deadline, String label) throws Exception {
        long applied = 0;
        long lastLog = System.nanoTime();
        while (System.nanoTime() < deadline) {
            applied = appliedRecords(context);
            if (applied >= records) {
                break;
            }
            if (System.nanoTime() - lastLog > 10_000_000_000L) {
                Context.log(label + ": " + applied + " / " + records + " events applied");
                lastLog = System.nanoTime();
            }
            Thread.sleep(200);
        }
        return applied;
    }

    /** The records in the topic now (sum of its partitions' end offsets). */
    static long topicRecords(Settings settings) throws Exception {
        String topic = EventEnvelope.TOPIC;
        Properties properties = new Properties();
        properties.put("bootstrap.servers", settings.kafka());
        try (Admin admin = Admin.create(properties)) {
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream()
                    .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        }
    }

    /**
     * The freshness an analyst's answer states ({@code GET /api/kpis}, header {@code X-Last-Global-Position}): the
     * highest event-store position applied; null when not stated.
     */
    static Long statedPosition(Context context) {
        try {
            HttpResponse<Void> answer = context.http.send(HttpRequest.newBuilder(
                            URI.create(context.settings.queryUrl() + "/api/kpis")).timeout(Duration.ofSeconds(30))
                    .header("X-API-Key", Context.API_KEY).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return answer.headers().firstValue("X-Last-Global-Position").filter(v -> !v.isBlank()).map(Long::valueOf)
                    .orElse(null);
        } catch (Exception e) {
            Context.log("freshness not read: " + e);
            return null;
        }
    }
}
