package org.issueledger.query.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.issueledger.local.TestInfra;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/** V82 on a database that holds the histograms as bucket rows (V40, V64): the same histograms, one array per key. */
class KpiDurationArraysMigrationTest {

    @Test
    void bucketRowsBecomeOneCanonicalArrayPerKeyWithTheirTotals() {
        TestInfra infra = TestInfra.get();
        DataSource database = new DriverManagerDataSource(infra.freshDatabase("kpi_duration_arrays"), infra.user(),
                infra.password());
        migrate(database, "81");
        JdbcClient jdbc = JdbcClient.create(database);
        jdbc.sql("""
                INSERT INTO kpi_duration_daily (measure, dimension, day, key, bucket, n, seconds) VALUES
                    ('resolution', 'team', '2031-05-06', 'ops', 170, 2, 7000),
                    ('resolution', 'team', '2031-05-06', 'ops', 168, 1, 3000),
                    ('resolution', 'team', '2031-05-06', 'ops', 175, 0, 0),
                    ('resolution', 'team', '2031-05-07', 'ops', 160, 0, 0),
                    ('first_response', 'all', '2031-05-06', '', 90, 4, 400)
                """).update();
        jdbc.sql("""
                INSERT INTO kpi_duration_rollup (measure, dimension, span, day, key, bucket, n, seconds)
                SELECT measure, dimension, s.span, CAST(date_trunc(s.span, day) AS date), key, bucket, sum(n),
                       sum(seconds)
                  FROM kpi_duration_daily
                 CROSS JOIN (VALUES ('week'), ('month')) AS s (span)
                 GROUP BY 1, 2, 3, 4, 5, 6
                """).update();

        migrate(database, "82");

        assertThat(jdbc.sql("""
                        SELECT concat_ws(' ', measure, dimension, day, key, n, seconds, counts)
                          FROM kpi_duration_daily ORDER BY 1
                        """).query(String.class).list())
                .containsExactly("first_response all 2031-05-06  4 400 [90:90]={4}",
                        "resolution team 2031-05-06 ops 3 10000 [168:170]={1,0,2}",
                        // a key whose durations all moved away keeps its row, as a rebuild would produce it
                        "resolution team 2031-05-07 ops 0 0 {}");
        assertThat(jdbc.sql("""
                        SELECT concat_ws(' ', measure, dimension, span, day, key, n, seconds, counts)
                          FROM kpi_duration_rollup ORDER BY 1
                        """).query(String.class).list())
                .containsExactly("first_response all month 2031-05-01  4 400 [90:90]={4}",
                        "first_response all week 2031-05-05  4 400 [90:90]={4}",
                        "resolution team month 2031-05-01 ops 3 10000 [168:170]={1,0,2}",
                        "resolution team week 2031-05-05 ops 3 10000 [168:170]={1,0,2}");
    }

    private static void migrate(DataSource database, String target) {
        Flyway.configure().dataSource(database).locations("classpath:db/migration").target(target).load().migrate();
    }
}
