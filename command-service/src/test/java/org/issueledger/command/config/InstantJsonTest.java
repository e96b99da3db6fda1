package org.issueledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
 * The store writes instants by hand ({@code InstantText}, tested against {@link Instant#toString()} in shared-events);
 * the stored payloads must be the JSR-310 module's byte for byte, because they are hashed and read back by every
 * consumer.
 */
class InstantJsonTest {

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
