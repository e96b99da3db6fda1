package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * Stored metadata read back by hand must be the {@link MetaData} Jackson reads from the same bytes: the same pairs,
 * iterated in the same order (what the relay, the webhooks and the correlation data see).
 */
class StoredMetadataReadBackTest {

    private static final JacksonSerializer JACKSON = JacksonSerializer.defaultSerializer();
    private static final StoredFormSerializer BY_HAND = new StoredFormSerializer(JacksonSerializer.builder());
    private static final String PRINTABLE = " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    @Test
    void plainStringMetadataReadsBackAsJacksonReadsIt() {
        Random random = new Random(11);
        for (int i = 0; i < 5_000; i++) {
            Map<String, Object> pairs = new LinkedHashMap<>();
            int size = random.nextInt(12);
            for (int k = 0; k < size; k++) {
                pairs.put(text(random, 1 + random.nextInt(20)), text(random, random.nextInt(80)));
            }
            byte[] stored = StoredMetadata.json(pairs);
            assertThat(StoredMetadata.parse(stored)).isNotNull();
            assertSameAsJackson(stored);
        }
        byte[] empty = StoredMetadata.json(Map.of());
        assertThat(StoredMetadata.parse(empty)).isEmpty();
        assertSameAsJackson(empty);
    }

    @Test
    void theEnginesOwnMetadataReadsBackAsJacksonReadsIt() {
        Map<String, Object> pairs = new LinkedHashMap<>();
        pairs.put("actor", "import:synthetic");
        pairs.put("commandId", "4f1f2b4e-6c0e-4b8a-9d4e-2f7c1b0e9a11");
        pairs.put("causationId", "4f1f2b4e-6c0e-4b8a-9d4e-2f7c1b0e9a11");
        pairs.put("correlationId", "import:synthetic:T-000042");
        pairs.put("sourceSystem", "import:synthetic");
        pairs.put("team", "");
        pairs.put("importedFrom", "T-000042#3");
        pairs.put("hash", "0f".repeat(32));
        pairs.put("previousHash", "a1".repeat(32));
        byte[] stored = StoredMetadata.json(pairs);
        assertThat(StoredMetadata.parse(stored)).isEqualTo(pairs);
        assertSameAsJackson(stored);
    }

    @Test
    void metadataInAnyOtherFormIsLeftToJackson() {
        for (String json : new String[] {"{\"a\":\"line\\nbreak\"}", "{\"a\":\"\\u00e6\"}", "{\"a\":\"Ærø\"}",
                "{\"count\":3}", "{\"a\":null}", "{\"a\":{\"b\":\"c\"}}", "{\"a\":[\"b\"]}", "{ \"a\":\"b\"}",
                "{\"a\" :\"b\"}", "{\"a\":\"b\" }", "{\"a\":\"b\",\"a\":\"c\"}", "{\"a\":true}"}) {
            byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(StoredMetadata.parse(bytes)).as(json).isNull();
            assertSameAsJackson(bytes);
        }
        for (String broken : new String[] {"{", "}", "{\"a\"}", "{\"a\":}", "{\"a\":\"b\",}", "{\"a\":\"b\"", "{\"a\":\"b}",
                "{,\"a\":\"b\"}", "{\"a\":\"b\"\"c\":\"d\"}", "{\"\":\"\"x}", "[]", ""}) {
            assertThat(StoredMetadata.parse(broken.getBytes(java.nio.charset.StandardCharsets.UTF_8))).as(broken).isNull();
        }
    }

    @Test
    void aPayloadIsReadByJacksonAsBefore() {
        SerializedObject<byte[]> payload = JACKSON.serialize(List.of("a", "b"), byte[].class);
        Object byHand = BY_HAND.deserialize(payload);
        assertThat(byHand).isEqualTo(JACKSON.deserialize(payload));
    }

    private static void assertSameAsJackson(byte[] stored) {
        SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(stored, byte[].class,
                new SimpleSerializedType(MetaData.class.getName(), null));
        MetaData jackson = JACKSON.deserialize(serialized);
        MetaData byHand = BY_HAND.deserialize(serialized);
        assertThat(byHand).isEqualTo(jackson);
        assertThat(new ArrayList<>(byHand.entrySet())).containsExactlyElementsOf(new ArrayList<>(jackson.entrySet()));
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
        }
        return text.toString();
    }
}
