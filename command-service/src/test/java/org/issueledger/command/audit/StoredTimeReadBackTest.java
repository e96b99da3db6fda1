package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Random;

import org.axonframework.common.DateTimeUtils;
import org.issueledger.events.InstantText;
import org.junit.jupiter.api.Test;

/** A stored time read back by hand must be the instant Axon's parser reads from the same text. */
class StoredTimeReadBackTest {

    @Test
    void theStoredTimeReadsBackAsAxonReadsItForAnyInstantOfYearsZeroToNineThousandNineHundredNinetyNine() {
        Random random = new Random(13);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)),
                    random.nextInt(1_000_000_000));
            String stored = StoredTime.format(instant);
            assertThat(InstantText.parse(stored)).as(stored).isEqualTo(DateTimeUtils.parseInstant(stored));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00.000Z", "2013-04-11T13:41:30.999Z", "2000-02-29T23:59:59.000Z",
                "0000-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z", "1969-12-31T23:59:59.999Z", "2026-12-07T14:51:53.001Z"}) {
            assertThat(InstantText.parse(edge)).as(edge).isEqualTo(DateTimeUtils.parseInstant(edge));
        }
    }

    @Test
    void otherPrecisionsReadAsAxonReadsThemAndAnyOtherTextIsLeftToAxonsParser() {
        for (String other : new String[] {"2013-04-11T13:41:30Z", "2013-04-11T13:41:30.5Z", "2013-04-11T13:41:30.123456Z"}) {
            assertThat(InstantText.parse(other)).as(other).isEqualTo(DateTimeUtils.parseInstant(other));
        }
        for (String other : new String[] {"+10000-01-01T00:00:00.000Z", "2013-02-29T00:00:00.000Z", "2013-13-01T00:00:00.000Z",
                "2013-04-11T24:00:00.000Z", "2013-04-11T23:60:00.000Z", "2013-04-11T23:59:60.000Z",
                "2013-04-11 13:41:30.123Z", "2013-04-11T13:41:30.123+01:00", "2013-04-11T13:41:30,123Z",
                "2013-04-1xT13:41:30.123Z", "", "garbage garbage garbage!"}) {
            assertThat(InstantText.parse(other)).as(other).isNull();
        }
        assertThat(InstantText.parse(null)).isNull();
    }
}
