package org.issueledger.query.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.issueledger.query.QueryServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * V83 turns the bucket rows of {@code sla_duration_daily} into one array row per day / week / month, key and clock:
 * what a database migrated from an older version held is still there, bucket for bucket, with its totals.
 */
class SlaDurationArraysMigrationTest extends QueryServiceTestSupport {

    @Autowired
    DataSource dataSource;

    @Test
    void theBucketRowsOfEachDayKeyAndClockBecomeOneCanonicalArrayWithTheirTotals() {
        String schema = "v83_" + UUID.randomUUID().toString().substring(0, 8);
        try {
            migrate(schema, "81");
            jdbc.sql("""
                            INSERT INTO %s.sla_duration_daily (dimension, span, day, key, clock, bucket, n, ms)
                            VALUES ('team', 'day', '2024-01-08', 'mail', 'RESOLUTION', 172, 3, 3000000),
                                   ('team', 'day', '2024-01-08', 'mail', 'RESOLUTION', 170, 2, 1600000),
                                   ('team', 'day', '2024-01-08', 'mail', 'FIRST_RESPONSE', 150, 1, 1800000),
                                   ('team', 'week', '2024-01-08', 'mail', 'RESOLUTION', 170, 2, 1600000),
                                   ('all', 'month', '2024-01-01', '', 'RESOLUTION', 0, 4, 2000)
                            """.formatted(schema))
                    .update();

            migrate(schema, "83");

            assertThat(jdbc.sql("""
                            SELECT dimension || ' ' || span || ' ' || day || ' ' || key || ' ' || clock || ' '
                                   || counts::text || ' ' || n || ' ' || ms
                              FROM %s.sla_duration_daily ORDER BY 1
                            """.formatted(schema)).query(String.class).list())
                    .containsExactly(
                            "all month 2024-01-01  RESOLUTION [0:0]={4} 4 2000",
                            "team day 2024-01-08 mail FIRST_RESPONSE [150:150]={1} 1 1800000",
                            "team day 2024-01-08 mail RESOLUTION [170:172]={2,0,3} 5 4600000",
                            "team week 2024-01-08 mail RESOLUTION [170:170]={2} 2 1600000");
        } finally {
            jdbc.sql("DROP SCHEMA IF EXISTS " + schema + " CASCADE").update();
        }
    }

    private void migrate(String schema, String version) {
        Flyway.configure().dataSource(dataSource).schemas(schema).target(version).load().migrate();
    }
}
