package org.issueledger.command.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored payload read by hand: the envelope's three fields found where a JSON parser finds them, and nothing
 * accepted that is not JSON in the form the envelope can take as it is — whatever is refused is written the slow way,
 * so refusing is always safe, accepting never may be wrong.
 */
class StoredPayloadTest {

    /** As the event store writes payloads (Jackson 2); strict about what follows the value. */
    private final ObjectMapper store = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private final JsonStrings strings = JsonStrings.of(JsonMapper.builder().build());
    private final Random random = new Random(17);
    /** Whether the last payload made holds a character beyond U+FFFF. */
    private boolean beyondTheBmp;

    private static final String ISSUE = "6f9619ff-8b86-d011-b42d-00cf4fc964ff";

    @Test
    void theThreeFieldsAreFoundAtTopLevelWhereverTheyStand() {
        StoredPayload payload = read("{\"title\":{\"issueId\":\"x\",\"actor\":1},\"actor\":\"ana \\\"q\\\" ü\","
                + "\"list\":[1,-2.5e+3,true,false,null,[],{}],\"occurredAt\":\"2026-03-29T01:59:59.120Z\","
                + "\"issueId\":\"" + ISSUE + "\"}");

        assertThat(payload).isNotNull();
        assertThat(payload.issueId()).isEqualTo(ISSUE);
        assertThat(slice(payload, payload.occurredAtStart, payload.occurredAtEnd)).isEqualTo("2026-03-29T01:59:59.120Z");
        assertThat(slice(payload, payload.actorStart, payload.actorEnd)).isEqualTo("\"ana \\\"q\\\" ü\"");
        assertThat(read("{\"issueId\":\"" + ISSUE + "\",\"occurredAt\":\"2026-03-29T01:59:59Z\",\"actor\":null}"))
                .satisfies(p -> assertThat(slice(p, p.actorStart, p.actorEnd)).isEqualTo("null"));
    }

    @Test
    void whatTheEnvelopeCouldNotTakeAsItIsIsRefused() {
        String fields = "\"issueId\":\"" + ISSUE + "\",\"occurredAt\":\"2026-03-29T01:59:59Z\",\"actor\":\"ana\"";
        List<String> refused = List.of(
                "{ " + fields + "}", "{" + fields + " }", "{" + fields.replace(":", ": ") + "}", "{" + fields + "}\n",
                "{" + fields + ",\"actor\":\"bo\"}", "{" + fields + ",\"issueId\":\"" + ISSUE + "\"}",
                "{" + fields.replace("\"actor\"", "\"act\\u006fr\"") + "}", "{" + fields + ",\"a\\u0062\":1}",
                "{" + fields.replace("ana", "a\\/b") + "}", "{" + fields.replace("ana", "caf\\u00e9") + "}",
                "{" + fields.replace("ana", "\\uD83D\\uDE00") + "}", "{" + fields.replace("ana", "\\u001f") + "}",
                "{" + fields.replace("ana", "\\u000a") + "}", "{" + fields.replace("ana", "\\x41") + "}",
                "{" + fields.replace("ana", "a\tb") + "}", "{" + fields.replace("ana", "\\u12") + "}",
                "{" + fields + ",\"n\":01}", "{" + fields + ",\"n\":1.}", "{" + fields + ",\"n\":-}",
                "{" + fields + ",\"n\":.5}", "{" + fields + ",\"n\":1e}", "{" + fields + ",\"n\":+1}",
                "{" + fields + ",\"n\":tru}", "{" + fields + ",\"n\":nul}", "{" + fields + ",\"n\":NaN}",
                "{" + fields + ",\"n\":[1,]}", "{" + fields + ",\"n\":{\"a\":1,}}", "{" + fields + ",}",
                "{" + fields + ",\"n\":[1}", "{" + fields + ",\"n\":{\"a\"}}", "{" + fields + ",\"n\":{1:2}}",
                "{" + fields + "}}", "{" + fields + "}x", "[" + fields + "]", "{" + fields, "{}", "",
                "{" + fields.replace(",\"actor\":\"ana\"", "") + "}", "{" + fields.replace("\"ana\"", "1") + "}",
                "{" + fields.replace("\"ana\"", "false") + "}", "{" + fields.replace(ISSUE, ISSUE.toUpperCase()) + "}",
                "{" + fields.replace("\"" + ISSUE + "\"", "null") + "}",
                "{" + fields.replace("2026-03-29T01:59:59Z", "2026-03-29T01:59:59.000Z") + "}",
                "{" + fields.replace("2026-03-29T01:59:59Z", "2026-03-29 01:59:59Z") + "}",
                "{" + fields + ",\"deep\":" + "[".repeat(100) + "]".repeat(100) + "}");
        for (String json : refused) {
            assertThat(read(json)).as(json).isNull();
        }
        assertThat(read("{" + fields + ",\"deep\":" + "[".repeat(50) + "]".repeat(50) + "}")).isNotNull();
    }

    @Test
    void onlyWellFormedUtf8IsTakenAsItIs() {
        String fields = "\"issueId\":\"" + ISSUE + "\",\"occurredAt\":\"2026-03-29T01:59:59Z\",\"actor\":\"";
        byte[][] refused = {{(byte) 0xC0, (byte) 0x80}, {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x9F, (byte) 0xBF},
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF, (byte) 0xBF},
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x82}, {(byte) 0x80}, {(byte) 0xBF}, {(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}};
        for (byte[] bad : refused) {
            assertThat(StoredPayload.read(concat(("{" + fields).getBytes(StandardCharsets.UTF_8), bad,
                    "\"}".getBytes(StandardCharsets.UTF_8)), strings)).as(Arrays.toString(bad)).isNull();
        }
        for (String good : List.of("é", "€", "\uFFFF", "\u2028", "😀", "\uDBFF\uDFFF")) {
            assertThat(read("{" + fields + good + "\"}")).as(good).isNotNull();
        }
    }

    @Test
    void everyPayloadTheStoreWritesIsReadAndItsFieldsAreThoseJacksonSees() throws Exception {
        for (int round = 0; round < 2_000; round++) {
            byte[] json = store.writeValueAsBytes(payload(round));
            StoredPayload payload = StoredPayload.read(json, strings);
            JsonNode tree = store.readTree(json);
            // The store writes a character beyond U+FFFF as an escaped surrogate pair, which the envelope does not.
            if (beyondTheBmp) {
                assertThat(payload).isNull();
                continue;
            }
            assertThat(payload).as(new String(json, StandardCharsets.UTF_8)).isNotNull();
            assertThat(payload.issueId()).isEqualTo(tree.path("issueId").asText());
            assertThat(slice(payload, payload.occurredAtStart, payload.occurredAtEnd))
                    .isEqualTo(tree.path("occurredAt").asText());
            assertThat(store.readTree(slice(payload, payload.actorStart, payload.actorEnd))).isEqualTo(tree.get("actor"));
        }
    }

    @Test
    void noCutOfAStoredPayloadIsRead() throws Exception {
        for (int round = 0; round < 200; round++) {
            byte[] json = store.writeValueAsBytes(payload(round));
            for (int length = 0; length < json.length; length++) {
                assertThat(StoredPayload.read(Arrays.copyOf(json, length), strings)).isNull();
            }
        }
    }

    /** A byte changed, dropped or put in anywhere: whatever is read is JSON Jackson reads, with the same fields. */
    @Test
    void aDamagedPayloadIsReadOnlyWhenItIsStillJsonWithTheSameFields() throws Exception {
        byte[] significant = "{}[],:\"\\ -+.eE0123456789tfnu/bra".getBytes(StandardCharsets.US_ASCII);
        int read = 0;
        for (int round = 0; round < 20_000; round++) {
            byte[] json = store.writeValueAsBytes(payload(round));
            int at = random.nextInt(json.length);
            byte b = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : significant[random.nextInt(significant.length)];
            byte[] damaged = switch (random.nextInt(3)) {
                case 0 -> {
                    byte[] copy = json.clone();
                    copy[at] = b;
                    yield copy;
                }
                case 1 -> concat(Arrays.copyOf(json, at), new byte[0],
                        Arrays.copyOfRange(json, at + 1, json.length));
                default -> concat(Arrays.copyOf(json, at), new byte[] {b},
                        Arrays.copyOfRange(json, at, json.length));
            };
            StoredPayload payload = StoredPayload.read(damaged, strings);
            if (payload == null) {
                continue;
            }
            read++;
            JsonNode tree = store.readTree(damaged);
            assertThat(payload.issueId()).isEqualTo(tree.path("issueId").asText());
            assertThat(slice(payload, payload.occurredAtStart, payload.occurredAtEnd))
                    .isEqualTo(tree.path("occurredAt").asText());
            assertThat(store.readTree(slice(payload, payload.actorStart, payload.actorEnd))).isEqualTo(tree.get("actor"));
        }
        assertThat(read).as("damaged payloads still read").isPositive();
    }

    /**
     * Stored metadata: a flat object of strings under plain ASCII keys gives its pairs in the keys' order as strings (a
     * TreeMap's), each value the stored text of the value the map holds; anything else is left to the map.
     */
    @Test
    void storedMetadataOfStringsUnderAsciiKeysGivesItsPairsInKeyOrder() throws Exception {
        int pairsRead = 0;
        for (int round = 0; round < 5_000; round++) {
            Map<String, Object> metadata = new LinkedHashMap<>();
            boolean plain = metadata.entrySet().stream().allMatch(entry -> entry.getValue() instanceof String
                    && entry.getKey().chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != '"' && c != '\\'));
            byte[] json = store.writeValueAsBytes(metadata);
            int[] pairs = StoredPayload.metadata(json, strings);
            if (pairs == null) {
                // A character beyond U+FFFF is stored as an escaped surrogate pair, which the envelope does not write.
                assertThat(plain && !new String(json, StandardCharsets.UTF_8).contains("\\uD"))
                        .as(new String(json, StandardCharsets.UTF_8)).isFalse();
                continue;
            }
            pairsRead++;
            TreeMap<String, Object> sorted = new TreeMap<>(metadata);
            List<String> keys = new ArrayList<>();
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < pairs.length; i += 4) {
                keys.add(new String(json, pairs[i], pairs[i + 1] - pairs[i], StandardCharsets.UTF_8));
                values.add(store.readValue(new String(json, pairs[i + 2] - 1, pairs[i + 3] - pairs[i + 2] + 2,
                        StandardCharsets.UTF_8), String.class));
            }
            assertThat(keys).containsExactlyElementsOf(sorted.keySet());
            assertThat(values).containsExactlyElementsOf(sorted.values());
        }
        assertThat(pairsRead).isGreaterThan(1_000);
        assertThat(StoredPayload.metadata("{}".getBytes(StandardCharsets.UTF_8), strings)).isEmpty();
        for (String refused : List.of("{\"a\":\"1\",\"a\":\"2\"}", "{\"a\":1}", "{\"a\":null}", "{\"a\" :\"1\"}",
                "{\"a\\u0062\":\"1\"}", "{\"\\\"\":\"1\"}", "{\"é\":\"1\"}", "{\"a\":\"1\"", "{\"a\":\"1\",}",
                "{\"a\":{\"b\":\"1\"}}", "{\"a\":\"1\"} ", "[]", "")) {
            assertThat(StoredPayload.metadata(refused.getBytes(StandardCharsets.UTF_8), strings)).as(refused).isNull();
        }
    }

    private String asciiKey() {
        String[] usual = {"commandId", "causationId", "correlationId", "actor", "sourceSystem", "team", "importedFrom",
                "importedBy", "hash", "previousHash", "c", "co", "command", "commandIdX", "", "Z", "~", "a b", "a/b"};
        return random.nextInt(3) == 0 ? usual[random.nextInt(usual.length)]
                : random.ints(random.nextInt(12), 0x20, 0x7f).filter(c -> c != '"' && c != '\\')
                        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    /** The envelope's fields and a random tree of every JSON kind, with texts of every kind. */
    private Map<String, Object> payload(int round) {
        Map<String, Object> payload = new LinkedHashMap<>();
        beyondTheBmp = false;
        List<Runnable> fields = new ArrayList<>();
        fields.add(() -> payload.put("issueId", UUID.randomUUID().toString()));
        fields.add(() -> payload.put("occurredAt", round % 2 == 0 ? "2026-03-29T01:59:59Z" : "2026-03-29T01:59:59.123456Z"));
        fields.add(() -> payload.put("actor", round % 5 == 0 ? null : text()));
        for (int i = random.nextInt(5); i > 0; i--) {
            fields.add(() -> payload.put(text(), tree(0)));
        }
        Collections.shuffle(fields, random);
        fields.forEach(Runnable::run);
        return payload;
    }

    private Object tree(int depth) {
        int kind = random.nextInt(depth > 3 ? 6 : 8);
        return switch (kind) {
            case 0 -> text();
            case 1 -> random.nextLong();
            case 2 -> random.nextDouble() * 1e6 - 5e5;
            case 3 -> random.nextBoolean();
            case 4 -> null;
            case 5 -> random.nextInt(100);
            case 6 -> {
                List<Object> list = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    list.add(tree(depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(text(), tree(depth + 1));
                }
                yield map;
            }
        };
    }

    private String text() {
        StringBuilder text = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            switch (random.nextInt(6)) {
                case 0, 1 -> text.append((char) (' ' + random.nextInt(95)));
                case 2 -> text.append("\"\\/\u007f".charAt(random.nextInt(4)));
                case 3 -> text.append((char) random.nextInt(0x20));
                case 4 -> {
                    char c = (char) (0x80 + random.nextInt(0x10000 - 0x80));
                    text.append(Character.isSurrogate(c) ? 'ß' : c);
                }
                default -> {
                    text.appendCodePoint(0x10000 + random.nextInt(0x100000));
                    beyondTheBmp = true;
                }
            }
        }
        return text.toString();
    }

    private StoredPayload read(String json) {
        return StoredPayload.read(json.getBytes(StandardCharsets.UTF_8), strings);
    }

    private static String slice(StoredPayload payload, int start, int end) {
        return new String(payload.json, start, end - start, StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b, byte[] c) {
        byte[] all = Arrays.copyOf(a, a.length + b.length + c.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        System.arraycopy(c, 0, all, a.length + b.length, c.length);
        return all;
    }
}
