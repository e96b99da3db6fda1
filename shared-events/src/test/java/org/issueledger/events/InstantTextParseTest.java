package org.issueledger.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class InstantTextParseTest {

    @Test
    void readsEveryInstantAsInstantParseDoesWhateverItsFractionDigits() {
        Random random = new Random(20261207);
        for (int i = 0; i < 200_000; i++) {
            // Years 0001..9999 (the four-digit form) and every precision the relay's Jackson writes.
            Instant instant = Instant.ofEpochSecond(-62_135_596_800L + (long) (random.nextDouble() * 315_537_897_599L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertThat(InstantText.parse(text)).as(text).isEqualTo(instant).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void fractionsOfAnyLengthMeanWhatInstantParseReadsInThem() {
        for (String text : List.of("2026-12-07T06:00:00.1Z", "2026-12-07T06:00:00.12Z", "2026-12-07T06:00:00.1234Z",
                "2026-12-07T06:00:00.000000001Z", "2026-12-07T06:00:00.999999999Z", "2026-12-07T06:00:00.0Z")) {
            assertThat(InstantText.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void whatIsNotInstantToStringsFormIsLeftToTheGeneralParserWhichAcceptsOrRefusesItAsBefore() {
        for (String text : List.of("2026-12-07T06:00:00+01:00", "2026-12-07T06:00:00.Z", "2026-12-07T06:00:00",
                "2026-02-29T06:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-12-07T24:00:00Z",
                "2026-12-07T23:60:00Z", "2016-12-31T23:59:60Z", "+12026-12-07T06:00:00Z", "2026-12-07 06:00:00Z",
                "2026-12-07T06:00:00.1234567890Z", "2026-1a-07T06:00:00Z", "", "yesterday", "2026-12-07t06:00:00Z")) {
            assertThat(InstantText.parse(text)).as(text).isNull();
        }
        assertThat(InstantText.parse(null)).isNull();
        assertThat(InstantText.parse("2024-02-29T06:00:00Z")).isEqualTo(Instant.parse("2024-02-29T06:00:00Z"));
        assertThat(InstantText.parse("0000-01-01T00:00:00Z")).isEqualTo(Instant.parse("0000-01-01T00:00:00Z"));
    }
}
