package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** What COPY stores is what was added, whatever characters PostgreSQL's text format would otherwise read as syntax. */
class CopyRowsTest extends QueryServiceTestSupport {

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void everyValueComesBackAsAddedWithTheCharactersCopyTreatsAsSyntax() {
        List<String> values = List.of("", "plain", "{\"a\":\"b\\\"c\"}", "back\\slash", "\\N", "tab\there",
                "new\nline", "carriage\rreturn", "end\\", "\\", "\t\n\r\\", "Grüße 🚀 ünïcödé", "x".repeat(10_000));
        List<String> read = transaction.execute(status -> {
            jdbc.execute("CREATE TEMPORARY TABLE copy_rows_test (n integer, value text, at timestamptz) ON COMMIT DROP");
            CopyRows rows = new CopyRows("copy_rows_test", "n", "value", "at");
            for (int i = 0; i < values.size(); i++) {
                rows.add(i, values.get(i), Instant.parse("2026-12-07T06:00:00.123456Z"));
            }
            rows.add(values.size(), null, null);
            assertThat(rows.copyInto(jdbc)).isEqualTo(values.size() + 1);
            return jdbc.queryForList("SELECT value FROM copy_rows_test ORDER BY n", String.class);
        });

        List<String> expected = new ArrayList<>(values);
        expected.add(null);
        assertThat(read).isEqualTo(expected);
        assertThat(Arrays.asList(read.get(5).split("\t"))).containsExactly("tab", "here");
    }
}
