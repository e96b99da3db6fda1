package org.issueledger.query.histogram;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowCallbackHandler;

/** The histogram functions of V81 on the real PostgreSQL, and reading their arrays back through JDBC. */
class HistogramArraysTest extends QueryServiceTestSupport {

    @Test
    void anArrayIsCanonicalWhateverOrderItsCountsCameIn() {
        assertThat(text("SELECT histogram_add('[5:7]={1,0,2}', '[3:5]={0,4,-1}')")).isEqualTo("[4:7]={4,0,0,2}");
        assertThat(text("SELECT histogram_add('[5:7]={1,0,2}', '[5:7]={-1,0,-2}')")).isEqualTo("{}");
        assertThat(text("SELECT histogram_add('{}', '{}')")).isEqualTo("{}");
        assertThat(text("SELECT histogram_add('[2:4]={0,3,0}', '{}')")).isEqualTo("[3:3]={3}");
        // a live change taking back the count at either end
        assertThat(text("SELECT histogram_add('[5:7]={1,0,2}', '[5:5]={-1}')")).isEqualTo("[7:7]={2}");
        assertThat(text("SELECT histogram_add('[5:7]={1,0,2}', '[7:7]={-2}')")).isEqualTo("[5:5]={1}");
        assertThat(text("SELECT histogram_add('[5:7]={1,0,2}', '[6:6]={3}')")).isEqualTo("[5:7]={1,3,2}");
        assertThat(text("SELECT histogram_add('{1,2}', '[10:10]={1}')"))
                .isEqualTo("{1,2,0,0,0,0,0,0,0,1}");
        assertThat(text("SELECT histogram_canonical(histogram_put(histogram_put('{}', 9, 1), 4, 2))"))
                .isEqualTo("[4:9]={2,0,0,0,0,1}");
    }

    @Test
    void aggregatesEqualCountingEveryBucketOnItsOwn() {
        Random random = new Random(7);
        for (int round = 0; round < 20; round++) {
            List<int[]> changes = new ArrayList<>();
            TreeMap<Integer, Long> expected = new TreeMap<>();
            for (int i = 0; i < 1 + random.nextInt(60); i++) {
                int bucket = 150 + random.nextInt(30);
                int n = random.nextInt(5) - 2;
                changes.add(new int[] {random.nextInt(4), bucket, n});
                expected.merge(bucket, (long) n, Long::sum);
            }
            expected.values().removeIf(n -> n == 0);
            int[] group = changes.stream().mapToInt(change -> change[0]).toArray();
            int[] bucket = changes.stream().mapToInt(change -> change[1]).toArray();
            int[] n = changes.stream().mapToInt(change -> change[2]).toArray();
            // in one go, and as four partial histograms (one per group) summed: both canonical and equal
            String once = jdbc.sql("""
                            SELECT histogram_of(bucket, n)::text FROM unnest(CAST(:bucket AS int[]), CAST(:n AS int[]))
                                   AS c (bucket, n)
                            """)
                    .param("bucket", bucket).param("n", n).query(String.class).single();
            String summed = jdbc.sql("""
                            SELECT histogram_sum(h ORDER BY g DESC)::text
                              FROM (SELECT g, histogram_of(bucket, n) AS h
                                      FROM unnest(CAST(:group AS int[]), CAST(:bucket AS int[]), CAST(:n AS int[]))
                                           AS c (g, bucket, n)
                                     GROUP BY g) AS partial
                            """)
                    .param("group", group).param("bucket", bucket).param("n", n).query(String.class).single();
            assertThat(summed).isEqualTo(once);

            LogHistogram.Sum read = new LogHistogram.Sum();
            jdbc.sql("SELECT array_lower(h, 1) AS first, h FROM (SELECT CAST(:h AS int[]) AS h) AS a")
                    .param("h", once)
                    .query((RowCallbackHandler) row -> read.add(row, "first", "h"));
            StringBuilder described = new StringBuilder();
            expected.forEach((b, count) -> described.append(b).append(':').append(count).append(' '));
            assertThat(read.histogram().describe()).as(once).isEqualTo(described.toString());
        }
    }

    private String text(String sql) {
        return jdbc.sql(sql + "::text").query(String.class).single();
    }
}
