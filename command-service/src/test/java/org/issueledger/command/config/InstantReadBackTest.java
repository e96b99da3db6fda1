package org.issueledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.axonframework.serialization.json.JacksonSerializer;
import org.issueledger.events.issue.IssueAcknowledged;
import org.junit.jupiter.api.Test;

/**
 * The store's mapper reads instants in the written form by hand ({@link InstantJson}); whatever the text, it must read
 * what the JSR-310 module alone reads, and refuse what it refuses with the same error.
 */
class InstantReadBackTest {

    private static final UUID ISSUE = UUID.fromString("00000000-0000-0000-0000-00000000a001");

    private final ObjectMapper store = ((JacksonSerializer) new AxonConfig().serializer()).getObjectMapper();
    private final ObjectMapper plain = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void theStoresMapperReadsInstantsThroughTheHandWrittenReader() throws Exception {
        DeserializationContext context = ((DefaultDeserializationContext) store.getDeserializationContext())
                .createDummyInstance(store.getDeserializationConfig());
        assertThat(context.findRootValueDeserializer(store.constructType(Instant.class)))
                .isInstanceOf(InstantJson.InstantReader.class);
    }

    @Test
    void randomInstantsOfEveryPrecisionReadTheSameWithAndWithoutTheHandWrittenReader() throws Exception {
        Random random = new Random(20261207);
        for (int i = 0; i < 100_000; i++) {
            // Years 0001..9999, each precision the writer uses (0, 3, 6, 9 digits) and fractions of any length.
            Instant instant = Instant.ofEpochSecond(-62_135_596_800L + (long) (random.nextDouble() * 315_537_897_599L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = i % 8 == 7 ? withFractionDigits(instant, 1 + random.nextInt(9)) : instant.toString();
            assertSameReading(text);
        }
    }

    @Test
    void edgesReadTheSameWithAndWithoutTheHandWrittenReader() throws Exception {
        for (String text : List.of("0000-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2024-02-29T23:59:59Z", "2000-02-29T12:00:00Z",
                "2026-12-07T06:00:00.0Z", "2026-12-07T06:00:00.Z", "2026-12-07t06:00:00z",
                "2026-12-07T06:00:00.000000001Z", "2026-12-07T06:00:00.100Z",
                "+10000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "2026-12-07T06:00:00+01:00",
                "2026-12-07T06:00:00.5-03:30", "2016-12-31T23:59:60Z", "2026-12-07T24:00:00Z", " 2026-12-07T06:00:00Z",
                "2026-12-07T06:00:00Z ", "1700000000", "1700000000.123456789", "-5", "0")) {
            assertSameReading(text);
        }
    }

    @Test
    void malformedTextIsRefusedWithTheSameErrorWithAndWithoutTheHandWrittenReader() throws Exception {
        for (String text : List.of("2026-02-29T06:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                "2026-00-10T00:00:00Z", "2026-12-00T00:00:00Z", "2026-12-07T23:60:00Z",
                "2026-12-07T06:00:00.1234567890Z", "2026-1a-07T06:00:00Z", "2026-12-07 06:00:00Z",
                "2026-12-07T06:00:00", "yesterday", "--", "2026-12-07T06:00:00ZZ")) {
            Throwable byStore = refusal(store, text);
            Throwable byPlain = refusal(plain, text);
            assertThat(byStore).as(text).isNotNull();
            assertThat(byPlain).as(text).isNotNull();
            assertThat(byStore.getClass()).as(text).isEqualTo(byPlain.getClass());
            assertThat(byStore.getMessage()).as(text).isEqualTo(byPlain.getMessage());
        }
    }

    @Test
    void numbersAndNullReadTheSameWithAndWithoutTheHandWrittenReader() throws Exception {
        for (String json : List.of("1700000000", "1700000000.123456789", "-1", "null", "1.5e9")) {
            assertThat(store.readValue(json, Instant.class)).as(json).isEqualTo(plain.readValue(json, Instant.class));
            String event = "{\"issueId\":\"" + ISSUE + "\",\"occurredAt\":" + json + ",\"actor\":\"ana\"}";
            assertThat(store.readValue(event, IssueAcknowledged.class)).as(json)
                    .isEqualTo(plain.readValue(event, IssueAcknowledged.class));
        }
    }

    /** As a root value and as a property of an event (where the deserializer is made per property). */
    private void assertSameReading(String text) throws Exception {
        String json = "\"" + text + "\"";
        Throwable refusedByPlain = refusal(plain, text);
        if (refusedByPlain != null) {
            Throwable refusedByStore = refusal(store, text);
            assertThat(refusedByStore).as(text).isNotNull();
            assertThat(refusedByStore.getClass()).as(text).isEqualTo(refusedByPlain.getClass());
            return;
        }
        assertThat(store.readValue(json, Instant.class)).as(text).isEqualTo(plain.readValue(json, Instant.class));
        String event = "{\"issueId\":\"" + ISSUE + "\",\"occurredAt\":" + json + ",\"actor\":\"ana\"}";
        assertThat(store.readValue(event, IssueAcknowledged.class)).as(text)
                .isEqualTo(plain.readValue(event, IssueAcknowledged.class));
    }

    private static Throwable refusal(ObjectMapper mapper, String text) {
        List<Throwable> refusals = new ArrayList<>();
        try {
            mapper.readValue("\"" + text + "\"", Instant.class);
        } catch (Exception e) {
            refusals.add(e);
        }
        try {
            mapper.readValue("{\"issueId\":\"" + ISSUE + "\",\"occurredAt\":\"" + text + "\",\"actor\":\"ana\"}",
                    IssueAcknowledged.class);
        } catch (Exception e) {
            refusals.add(e);
        }
        if (refusals.size() == 1) {
            throw new AssertionError(text + ": refused in one place only", refusals.get(0));
        }
        return refusals.isEmpty() ? null : refusals.get(0);
    }

    private static String withFractionDigits(Instant instant, int digits) {
        String seconds = instant.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String nanos = String.format("%09d", instant.getNano()).substring(0, digits);
        return seconds.substring(0, seconds.length() - 1) + "." + nanos + "Z";
    }
}
