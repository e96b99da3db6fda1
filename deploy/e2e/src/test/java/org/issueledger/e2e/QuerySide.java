package org.issueledger.e2e;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the fault tests read straight from a query-service's database and the topic to judge it: how far it has
 * applied the log, and its read models as comparable rows.
 */
final class QuerySide {

    /** Columns written from a wall clock or by the order in which partitions happened to interleave. */
    private static final Set<String> INSTANCE_COLUMNS = Set.of("first_seen_at");
    /** Tables of consumer bookkeeping and admin runs, not read models. */
    private static final Set<String> NOT_READ_MODELS = Set.of("consumer_offsets", "projection_status", "rebuild_run",
            "as_of_snapshot", "flyway_schema_history");

    private QuerySide() {
    }

    /** Records on the topic now (committed ones), summed over its partitions. */
    static long endOffsets(String bootstrapServers, String topic) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Records the query-service has applied (its stored offsets, summed); -1 before its schema exists. */
    static long storedOffsetsSum(Connection connection, String group, String topic) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets WHERE consumer_group = ? AND topic = ?")) {
            statement.setString(1, group);
            statement.setString(2, topic);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                return -1; // not migrated yet
            }
            throw e;
        }
    }

    /** Every read-model table as sorted rows of text, without columns that depend on the instance or the clock. */
    static Map<String, List<String>> readModels(Connection connection) throws SQLException {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            List<String> names = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                            + "AND table_type = 'BASE TABLE' ORDER BY 1")) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
            for (String table : names) {
                if (NOT_READ_MODELS.contains(table)) {
                    continue;
                }
                List<String> columns = new ArrayList<>();
                List<String> selected = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT column_name, data_type FROM information_schema.columns "
                        + "WHERE table_schema = 'public' AND table_name = '" + table + "' ORDER BY ordinal_position")) {
                    while (rows.next()) {
                        String column = rows.getString(1);
                        if (!INSTANCE_COLUMNS.contains(column)) {
                            columns.add(column);
                            // Sums of doubles differ in the last bits with the order the partitions were applied in.
                            selected.add(rows.getString(2).equals("double precision")
                                    ? "round(\"" + column + "\"::numeric, 6)::text" : "\"" + column + "\"::text");
                        }
                    }
                }
                List<String> content = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT " + String.join(", ", selected) + " FROM " + table)) {
                    while (rows.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns.size(); i++) {
                            row.append(columns.get(i - 1)).append('=').append(rows.getString(i)).append(' ');
                        }
                        content.add(row.toString());
                    }
                }
                content.sort(null);
                tables.put(table, content);
            }
        }
        return tables;
    }

    /** Polls until the check holds; a check that throws counts as not yet, and the last failure is the cause. */
    static void awaitUntil(String what, Duration within, Check check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            try {
                if (check.holds()) {
                    return;
                }
            } catch (Exception e) {
                lastFailure = e;
            }
            Thread.sleep(200);
        }
        AssertionError timeout = new AssertionError("Not reached within " + within + ": " + what);
        if (lastFailure != null) {
            timeout.initCause(lastFailure);
        }
        throw timeout;
    }

    @FunctionalInterface
    interface Check {
        boolean holds() throws Exception;
    }
}
