package org.issueledger.command.issue;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

class SlaClockShareTest {

    @Test
    void aShareOfATargetIsTheTruncatedDivisionDurationGives() {
        Random random = new Random(3);
        for (int i = 0; i < 200_000; i++) {
            Duration target = Duration.ofSeconds(random.nextInt(400 * 24 * 3600), random.nextInt(1_000_000_000));
            int percent = random.nextInt(301);
            assertThat(SlaClock.share(target, percent)).isEqualTo(target.multipliedBy(percent).dividedBy(100));
        }
        for (Duration target : new Duration[] {Duration.ZERO, Duration.ofNanos(1), Duration.ofNanos(99),
                Duration.ofHours(8), Duration.ofSeconds(Long.MAX_VALUE / 1000), Duration.ofSeconds(-5, 3)}) {
            for (int percent : new int[] {0, 1, 50, 80, 99, 100, 150}) {
                assertThat(SlaClock.share(target, percent)).isEqualTo(target.multipliedBy(percent).dividedBy(100));
            }
        }
    }
}
