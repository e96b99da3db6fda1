package org.issueledger.query.consuming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.bigint;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.integer;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.text;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.timestamptz;
import static org.issueledger.query.consuming.BinaryCopyRows.Column.uuid;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the binary COPY stores is what the text COPY stores for the same values: compared column by column, as
 * PostgreSQL prints them, for random rows (instants of every precision, text with the characters the text format
 * escapes, nulls), and for batches that must go as text (an instant finer than microseconds or outside 1–9999).
 */
class BinaryCopyRowsTest extends QueryServiceTestSupport {

    private static final String COLUMNS = "u uuid, b bigint, i integer, t text, at timestamptz";

    @Autowired
    JdbcTemplate jdbcTemplate;

    @Autowired
    TransactionTemplate transaction;

    private final Random random = new Random(20261207);

    @Test
    void binaryRowsAreStoredAsTheTextFormatStoresThem() {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            rows.add(randomRow(false));
        }
        rows.add(new Object[] {null, null, null, null, null});
        assertSameAsText(rows);
    }

    @Test
    void aBatchWithAnInstantFinerThanMicrosecondsIsStoredAsText() {
        for (Instant odd : List.of(Instant.parse("2026-12-07T06:00:00.123456789Z"),
                Instant.parse("2026-12-07T06:00:00.000000500Z"), Instant.parse("2026-12-07T06:00:00.999999501Z"),
                Instant.parse("1999-12-31T23:59:59.999999500Z"))) {
            assertThat(BinaryCopyRows.exactInBinary(odd)).isFalse();
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                rows.add(randomRow(false));
            }
            rows.add(new Object[] {UUID.randomUUID(), 1L, 1, "odd", odd});
            assertSameAsText(rows);
        }
        for (int i = 0; i < 50; i++) {
            List<Object[]> rows = new ArrayList<>();
            rows.add(randomRow(true));
            assertSameAsText(rows);
        }
    }

    @Test
    void anInstantOutsideTheYearsOneTo9999IsRefusedAsTheTextFormatRefusesIt() {
        for (Instant odd : List.of(Instant.parse("0000-06-01T00:00:00Z"), Instant.parse("+10000-01-01T00:00:00Z"))) {
            assertThat(BinaryCopyRows.exactInBinary(odd)).isFalse();
            List<String> refusals = new ArrayList<>();
            for (boolean binary : List.of(false, true)) {
                try {
                    transaction.executeWithoutResult(status -> {
                        jdbcTemplate.execute("CREATE TEMPORARY TABLE copy_odd (at timestamptz) ON COMMIT DROP");
                        if (binary) {
                            BinaryCopyRows rows = new BinaryCopyRows("copy_odd", timestamptz("at"));
                            rows.add(odd);
                            rows.copyInto(jdbcTemplate);
                        } else {
                            CopyRows rows = new CopyRows("copy_odd", "at");
                            rows.add(odd);
                            rows.copyInto(jdbcTemplate);
                        }
                    });
                    refusals.add("stored");
                } catch (RuntimeException refused) {
                    refusals.add(NestedExceptionUtils.getMostSpecificCause(refused).getMessage());
                }
            }
            assertThat(refusals.get(1)).isEqualTo(refusals.get(0));
        }
    }

    private void assertSameAsText(List<Object[]> rows) {
        List<Map<String, Object>> stored = transaction.execute(status -> {
            jdbcTemplate.execute("CREATE TEMPORARY TABLE copy_text (n integer, " + COLUMNS + ") ON COMMIT DROP");
            jdbcTemplate.execute("CREATE TEMPORARY TABLE copy_binary (n integer, " + COLUMNS + ") ON COMMIT DROP");
            CopyRows text = new CopyRows("copy_text", "n", "u", "b", "i", "t", "at");
            BinaryCopyRows binary = new BinaryCopyRows("copy_binary", integer("n"), uuid("u"), bigint("b"),
                    integer("i"), text("t"), timestamptz("at"));
            for (int n = 0; n < rows.size(); n++) {
                Object[] row = rows.get(n);
                text.add(n, row[0], row[1], row[2], row[3], row[4]);
                binary.add(n, row[0], row[1], row[2], row[3], row[4]);
            }
            assertThat(binary.copyInto(jdbcTemplate)).isEqualTo(rows.size());
            assertThat(text.copyInto(jdbcTemplate)).isEqualTo(rows.size());
            return jdbcTemplate.queryForList("""
                    SELECT t.n, (t.u, t.b, t.i, t.t, t.at)::text AS from_text, (b.u, b.b, b.i, b.t, b.at)::text AS from_binary,
                           t.at IS NOT DISTINCT FROM b.at AND t.t IS NOT DISTINCT FROM b.t AS same
                      FROM copy_text t FULL JOIN copy_binary b ON b.n = t.n
                     ORDER BY t.n
                    """);
        });
        assertThat(stored).hasSize(rows.size());
        for (Map<String, Object> row : stored) {
            assertThat(row.get("from_binary")).as("row %s", row.get("n")).isEqualTo(row.get("from_text"));
            assertThat(row.get("same")).isEqualTo(true);
        }
    }

    private Object[] randomRow(boolean odd) {
        return new Object[] {
                random.nextInt(10) == 0 ? null : UUID.randomUUID(),
                random.nextInt(10) == 0 ? null : random.nextLong(),
                random.nextInt(10) == 0 ? null : random.nextInt(),
                random.nextInt(10) == 0 ? null : randomText(),
                random.nextInt(10) == 0 ? null : randomInstant(odd)};
    }

    private Instant randomInstant(boolean odd) {
        long second = -62_135_596_800L + (long) (random.nextDouble() * (253_402_300_800L + 62_135_596_800L));
        int nano = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1_000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1_000;
            default -> odd ? random.nextInt(1_000_000_000) : random.nextInt(1_000_000) * 1_000;
        };
        return Instant.ofEpochSecond(second, nano);
    }

    private String randomText() {
        String pool = "abcXYZ 019{}\":,\\\t\n\r\u00e9\u2028\ud83d\ude80";
        int length = random.nextInt(40);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(pool.charAt(random.nextInt(pool.length())));
        }
        return random.nextInt(20) == 0 ? "\\N" : text.toString();
    }
}
