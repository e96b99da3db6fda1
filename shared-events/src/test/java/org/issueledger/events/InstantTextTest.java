package org.issueledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InstantTextTest {

    @Test
    void itIsInstantToStringForRandomInstantsOfEveryPrecision() {
        Random random = new Random(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        int[] units = {1_000_000_000, 1_000_000, 1_000, 1};
        for (int i = 0; i < 200_000; i++) {
            int unit = units[i % units.length];
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    unit == 1_000_000_000 ? 0 : random.nextInt(1_000_000_000 / unit) * unit);
            assertThat(InstantText.of(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void itIsInstantToStringAtTheEdges() {
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "2013-04-11T13:41:30.999999999Z", "2000-02-29T23:59:59.000500Z",
                "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "2026-12-07T10:00:00.100Z", "1969-12-31T23:59:59.000001Z",
                "+10000-01-01T00:00:00Z", "-0001-06-01T12:00:00Z", "+999999-12-31T23:59:59.500Z"}) {
            Instant instant = Instant.parse(edge);
            assertThat(InstantText.of(instant)).isEqualTo(instant.toString()).isEqualTo(edge);
        }
        assertThat(InstantText.of(Instant.MIN)).isEqualTo(Instant.MIN.toString());
        assertThat(InstantText.of(Instant.MAX)).isEqualTo(Instant.MAX.toString());
    }
}
