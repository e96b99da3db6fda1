package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.LazyDeserializingObject;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.issueledger.events.EventType;
import org.issueledger.events.issue.IssueEvent;
import org.issueledger.events.sla.BusinessCalendar;
import org.issueledger.events.sla.SlaPolicy;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The relay writes a record from the event's stored form; the record must be the very one the envelope record of
 * the deserialized event gives — same key, same value text, same headers — for every event type, and for the
 * strings and instants that are easy to get wrong (escapes, non-ASCII, fractions of a second, nulls).
 */
class RecordFromStoredFormTest {

    /** The store's serializer as AxonConfig builds it (Jackson 2, ISO dates and durations). */
    private final Serializer store = JacksonSerializer.builder().objectMapper(new ObjectMapper()
                    .registerModule(new JavaTimeModule())
                    .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                    .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES))
            .build();

    private final Random random = new Random(9);

    @Test
    void recordFromTheStoredFormIsTheRecordOfTheDeserializedEventForEveryEventType() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> {
                    IssueEventRecords records = new IssueEventRecords(settings(), context.getBean(JsonMapper.class), store);
                    int fast = 0;
                    for (int round = 0; round < 200; round++) {
                        for (EventType type : EventType.values()) {
                            IssueEvent event = sample(type.javaType(), round, this::text);
                            EventMessage<?> message = stored(event, metadata(round), instant(round), round);
                            long position = 1_000L + round;

                            // The store writes a character beyond U+FFFF as an escaped surrogate pair, the envelope as
                            // UTF-8: such an event is written from the deserialized event instead.
                            boolean escaped = new String(store.serialize(event, byte[].class).getData(),
                                    StandardCharsets.UTF_8).contains("\\uD83D");
                            assertThat(records.stored(message) != null).as("stored form of " + type.wireName())
                                    .isEqualTo(!escaped);
                            fast += escaped ? 0 : 1;
                            ProducerRecord<String, byte[]> fromStored = records.of(message, round, position);
                            ProducerRecord<String, byte[]> fromEvent = records.of(event, message, round, position);

                            assertSameRecord(fromStored, fromEvent, type.wireName());
                        }
                    }
                    assertThat(fast).as("events written from their stored form").isGreaterThan(100 * EventType.values().length);
                });
    }

    @Test
    void metadataThatIsNotAllStringsIsWrittenAsTheEnvelopeRecordWritesIt() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> {
                    IssueEventRecords records = new IssueEventRecords(settings(), context.getBean(JsonMapper.class), store);
                    IssueEvent event = sample(EventType.COMMENT_ADDED.javaType(), 0, this::text);
                    Map<String, Object> metadata = new LinkedHashMap<>(metadata(0));
                    metadata.put("attempt", 2);
                    metadata.put("replayed", true);
                    EventMessage<?> message = stored(event, metadata, instant(0), 7);
                    assertThat(records.stored(message)).isNotNull();

                    assertSameRecord(records.of(message, 7, 70), records.of(event, message, 7, 70), "comment");
                    assertThat(utf8(records.of(message, 7, 70).value())).contains("\"attempt\":\"2\"", "\"replayed\":\"true\"");
                });
    }

    /**
     * Random texts in every string of the payload and the metadata — quotes, backslashes, slashes, control characters,
     * DEL, Latin-1, the rest of the BMP (line separators, BOM, non-characters), characters beyond U+FFFF — and random
     * metadata keys: the record written by hand is the mapper's, byte for byte, with the metadata copied as stored or
     * (keys beyond plain ASCII, values not strings) written from its map. Only a payload with a character beyond U+FFFF
     * (the store's escaped surrogate pair) is written the slow way.
     */
    @Test
    void randomTextsInPayloadAndMetadataGiveTheBytesOfTheEnvelopeRecord() throws Exception {
        Pattern escapedSurrogate = Pattern.compile("\\\\u[Dd][89ABab]");
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> {
                    IssueEventRecords records = new IssueEventRecords(settings(), context.getBean(JsonMapper.class), store);
                    int fast = 0;
                    int fastWithMap = 0;
                    int slow = 0;
                    for (int round = 0; round < 150; round++) {
                        for (EventType type : EventType.values()) {
                            IssueEvent event = sample(type.javaType(), round, ignored -> randomText());
                            Map<String, Object> metadata = new LinkedHashMap<>(metadata(round));
                            for (int extra = random.nextInt(4); extra > 0; extra--) {
                                metadata.put(randomText(), random.nextInt(5) == 0 ? random.nextLong() : randomText());
                            }
                            EventMessage<?> message = stored(event, metadata, instant(round), round);

                            boolean escaped = escapedSurrogate.matcher(new String(store.serialize(event, byte[].class)
                                    .getData(), StandardCharsets.UTF_8)).find();
                            IssueEventRecords.Stored storedForm = records.stored(message);
                            assertThat(storedForm != null).as("stored form of " + type.wireName()).isEqualTo(!escaped);
                            if (escaped) {
                                slow++;
                            } else if (storedForm.metadataPairs() != null) {
                                fast++;
                            } else {
                                fastWithMap++;
                            }
                            assertSameRecord(records.of(message, round, 5_000L + round),
                                    records.of(event, message, round, 5_000L + round), type.wireName());
                        }
                    }
                    assertThat(fast).as("written by hand").isGreaterThan(5 * EventType.values().length);
                    assertThat(fastWithMap).as("written by hand, the metadata from its map").isGreaterThan(10 * EventType.values().length);
                    assertThat(slow).as("written the slow way").isPositive();
                });
    }

    /**
     * A mapper configured to write strings otherwise still gives one record per event whichever way it is written:
     * escaped slashes and lower-case hex escapes are learned (a payload holding what the store wrote otherwise goes the
     * slow way), escaped non-ASCII is refused (every record the slow way).
     */
    @Test
    void aMapperThatWritesStringsOtherwiseGivesTheSameRecordsEitherWay() throws Exception {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
                .run(context -> {
                    JsonMapper service = context.getBean(JsonMapper.class);
                    for (JsonMapper json : List.of(service.rebuild().enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build(),
                            service.rebuild().disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE).build(),
                            service.rebuild().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build())) {
                        IssueEventRecords records = new IssueEventRecords(settings(), json, store);
                        for (int round = 0; round < 30; round++) {
                            for (EventType type : EventType.values()) {
                                IssueEvent event = sample(type.javaType(), round, ignored -> randomText());
                                EventMessage<?> message = stored(event, metadata(round), instant(round), round);
                                assertSameRecord(records.of(message, round, 9L), records.of(event, message, round, 9L),
                                        type.wireName());
                            }
                        }
                    }
                });
    }

    @Test
    void onlyTheIsoFormTheEnvelopeWritesCountsAsAnInstantAndOnlyUuidToStringAsAUuid() {
        for (int round = 0; round < 100_000; round++) {
            Instant instant = instant(round);
            assertThat(IssueEventRecords.isoInstant(DateTimeFormatter.ISO_INSTANT.format(instant))).isTrue();
            UUID uuid = new UUID(random.nextLong(), random.nextLong());
            assertThat(IssueEventRecords.canonical(uuid.toString())).isTrue();
        }
        assertThat(List.of("2026-01-01T00:00:00.000Z", "2026-01-01T00:00:00.100000Z", "2026-01-01T00:00:00.123456000Z",
                "2026-01-01T00:00:00.1Z", "2026-01-01T00:00:00", "2026-01-01 00:00:00Z", "2026-01-01T00:00:00+01:00",
                "+10000-01-01T00:00:00Z", "-2026-01-01T00:00:00Z", "2026-01-01T00:00:00z", "2026-1-01T00:00:00.000Z", ""))
                .noneMatch(IssueEventRecords::isoInstant);
        assertThat(List.of("2026-01-01T00:00:00Z", "2026-01-01T00:00:00.100Z", "2026-01-01T00:00:00.000001Z",
                "2026-01-01T00:00:00.000000001Z")).allMatch(IssueEventRecords::isoInstant);
        assertThat(List.of("6F9619FF-8B86-D011-B42D-00CF4FC964FF", "6f9619ff8b86-d011-b42d-00cf4fc964ff0",
                "6f9619ff-8b86-d011-b42d-00cf4fc964f", "{6f9619ff-8b86-d011-b42d-00cf4fc964ff}", "1-2-3-4-5"))
                .noneMatch(IssueEventRecords::canonical);
    }

    /** A message as Axon's storage engine hands it over: payload and metadata still in their stored form. */
    private EventMessage<?> stored(IssueEvent event, Map<String, ?> metadata, Instant recordedAt, long sequence) {
        SerializedObject<byte[]> payload = store.serialize(event, byte[].class);
        SerializedObject<byte[]> meta = store.serialize(MetaData.from(metadata), byte[].class);
        SerializedMessage<IssueEvent> message = new SerializedMessage<>(UUID.randomUUID().toString(),
                new LazyDeserializingObject<>(payload, store), new LazyDeserializingObject<>(meta, store));
        return new GenericTrackedDomainEventMessage<>(GapAwareTrackingToken.newInstance(sequence, List.of()),
                "Issue", event.issueId().toString(), sequence, message, () -> recordedAt);
    }

    private Map<String, String> metadata(int round) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("correlationId", UUID.randomUUID().toString());
        metadata.put("commandId", UUID.randomUUID().toString());
        metadata.put("sourceSystem", round % 3 == 0 ? "crm \"eu\" \\ ü 中" : "monitoring");
        metadata.put("causationId", UUID.randomUUID().toString());
        metadata.put("hash", Long.toHexString(random.nextLong()));
        return metadata;
    }

    /** Whole seconds, milliseconds, microseconds and nanoseconds, as business and record times may come. */
    private Instant instant(int round) {
        Instant base = Instant.parse("2026-03-29T01:59:59Z").plusSeconds(random.nextInt(100_000_000));
        return switch (round % 4) {
            case 0 -> base;
            case 1 -> base.plusMillis(random.nextInt(1000));
            case 2 -> base.plusNanos(1000L * random.nextInt(1_000_000));
            default -> base.plusNanos(random.nextInt(1_000_000_000));
        };
    }

    private String text(int round) {
        return switch (round % 5) {
            case 0 -> "Printer on fire";
            case 1 -> "quote \" backslash \\ slash / tab \t newline \n control \u0001";
            case 2 -> "Störung im Netz – 网络故障 😀";
            case 3 -> "";
            default -> null;
        };
    }

    /** Up to 40 characters of every kind a JSON writer treats apart (no lone surrogate: the store refuses those). */
    private String randomText() {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(41); n > 0; n--) {
            switch (random.nextInt(8)) {
                case 0, 1, 2 -> text.append((char) (' ' + random.nextInt(95)));
                case 3 -> text.append("\"\\/".charAt(random.nextInt(3)));
                case 4 -> text.append(random.nextBoolean() ? (char) random.nextInt(0x20) : '\u007f');
                case 5 -> text.append((char) (0x80 + random.nextInt(0x80)));
                case 6 -> {
                    char c = (char) (0x100 + random.nextInt(0x10000 - 0x100));
                    text.append(Character.isSurrogate(c) ? '\u2028' : c);
                }
                default -> text.appendCodePoint(0x10000 + random.nextInt(0x100000));
            }
        }
        return text.toString();
    }

    /** An instance of the record with every component filled by its type; a new component type fails here. */
    private IssueEvent sample(Class<? extends IssueEvent> type, int round, IntFunction<String> texts) throws Exception {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<? extends IssueEvent> canonical = type.getDeclaredConstructor(types);
        List<Object> values = new ArrayList<>();
        for (RecordComponent component : components) {
            Class<?> t = component.getType();
            String name = component.getName();
            Object value;
            if (t == UUID.class) {
                value = UUID.randomUUID();
            } else if (t == String.class) {
                value = name.equals("actor") && round % 5 == 4 ? null : texts.apply(round + name.length());
            } else if (t == Instant.class) {
                value = name.equals("occurredAt") ? instant(round) : (round % 7 == 0 ? null : instant(round + 1));
            } else if (t == Duration.class) {
                value = round % 6 == 0 ? null : Duration.ofSeconds(random.nextInt(1_000_000), round % 2 == 0 ? 0 : 500_000_000);
            } else if (t == int.class) {
                value = random.nextInt(100) - 5;
            } else if (t == long.class) {
                value = random.nextLong();
            } else if (t == boolean.class) {
                value = round % 2 == 0;
            } else if (t == Integer.class) {
                value = round % 3 == 0 ? null : random.nextInt(5) + 1;
            } else if (t == SlaPolicy.class) {
                BusinessCalendar calendar = round % 2 == 0 ? BusinessCalendar.twentyFourSeven()
                        : BusinessCalendar.officeHours("Büro \"Nord\"", "Europe/Berlin", LocalTime.of(8, 30),
                        LocalTime.of(17, 0), List.of(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25)));
                SlaPolicy defaults = SlaPolicy.defaults();
                value = new SlaPolicy("policy-" + round, round + 1, instant(round), defaults.targets(), 80,
                        defaults.ladder(), calendar);
            } else if (t.isEnum()) {
                Object[] constants = t.getEnumConstants();
                value = round % 9 == 8 ? null : constants[round % constants.length];
            } else {
                throw new AssertionError("No sample for " + t + " in " + type.getSimpleName() + "." + name);
            }
            values.add(value);
        }
        return canonical.newInstance(values.toArray());
    }

    /** Same topic, key, headers, and value to the byte (compared as text first, for a readable difference). */
    static void assertSameRecord(ProducerRecord<String, byte[]> actual, ProducerRecord<String, byte[]> expected,
                                 String what) {
        assertThat(actual.topic()).isEqualTo(expected.topic());
        assertThat(actual.key()).isEqualTo(expected.key());
        assertThat(utf8(actual.value())).as(what).isEqualTo(utf8(expected.value()));
        assertThat(actual.value()).as(what).isEqualTo(expected.value());
        assertThat(headers(actual)).isEqualTo(headers(expected));
    }

    static String utf8(byte[] value) {
        return new String(value, StandardCharsets.UTF_8);
    }

    private static List<String> headers(ProducerRecord<String, byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + new String(header.value(), StandardCharsets.UTF_8));
        }
        return headers;
    }

    private static RelaySettings settings() {
        return new RelaySettings("localhost:9092", "issue-events", 3, (short) 1, 0, Duration.ofSeconds(30), 10_000,
                Duration.ofMinutes(5), Map.of());
    }
}
