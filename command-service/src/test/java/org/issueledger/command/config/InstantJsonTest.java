package org.issueledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.Serializer;
import org.issueledger.events.issue.IssueCreated;
import org.issueledger.events.issue.Priority;
import org.issueledger.events.sla.ClockKind;
import org.issueledger.events.issue.SlaClockStarted;
import org.junit.jupiter.api.Test;

/**
 * The store writes instants by hand; the text must be the JSR-310 module's ({@link Instant#toString()}) character
 * for character, because stored payloads are hashed and read back by every consumer.
 */
class InstantJsonTest {

    @Test
    void anInstantOfYearsZeroToNineThousandNineHundredNinetyNineIsWrittenAsItsToString() {
        Random random = new Random(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = min + (long) (random.nextDouble() * (max - min));
            // whole seconds, millis, micros and nanos: each fraction width the formatter chooses
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1_000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant instant = Instant.ofEpochSecond(seconds, nano);
            assertThat(InstantJson.text(instant)).isEqualTo(instant.toString());
        }
        for (String edge : List.of("1970-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "2000-02-29T23:59:00Z", "2013-04-11T13:41:30.000001Z", "2013-04-11T13:41:30.100Z",
                "1969-12-31T23:59:59.000000001Z")) {
            Instant instant = Instant.parse(edge);
            assertThat(InstantJson.text(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void anInstantOutsideFourDigitYearsIsWrittenByToString() {
        for (Instant instant : new Instant[] {Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-06-01T12:00:00Z"),
                Instant.MIN, Instant.MAX}) {
            assertThat(InstantJson.text(instant)).isEqualTo(instant.toString());
        }
    }

    @Test
    void theStoreSerializesEventsToTheSameBytesAsTheJavaTimeModuleAlone() throws Exception {
        ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
        Serializer store = new AxonConfig().serializer();
        UUID issue = UUID.randomUUID();
        Instant at = Instant.parse("2012-05-02T12:01:57.123456Z");
        for (Object event : List.of(
                new IssueCreated(issue, "t", null, "c", null, Priority.P2, "team", "ana", at, "ana"),
                new SlaClockStarted(issue, ClockKind.RESOLUTION, 1, Duration.ofHours(8), at.plusSeconds(3600),
                        at.plus(Duration.ofHours(8)), at, "system:sla"))) {
            assertThat(new String(store.serialize(event, byte[].class).getData()))
                    .isEqualTo(plain.writeValueAsString(event))
                    .contains("\"2012-05-02T12:01:57.123456Z\"");
        }
    }
}
