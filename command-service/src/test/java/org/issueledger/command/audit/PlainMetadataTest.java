package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

/**
 * Plain-string metadata is hashed and stored from one pass over it: the hash must be the one of the map path
 * ({@link HashChain#hashOfStringMetadata}), and the row's JSON the text the engine wrote from its map before, byte for
 * byte, in the same order — whatever the keys, their order, and which lists of keys came before on the thread.
 */
class PlainMetadataTest {

    private static final List<String> USUAL = List.of("actor", "commandId", "causationId", "correlationId", "sourceSystem",
            "team", "importedFrom", "importedBy", "traceId", "Aa", "BB", "C#", "zz");
    private static final String PRINTABLE = " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~";

    @Test
    void theHashAndTheRowAreThoseOfTheMapPathForAnyPlainMetadata() {
        Random random = new Random(17);
        for (int i = 0; i < 20_000; i++) {
            List<String> keys = new ArrayList<>();
            for (int k = random.nextInt(14); k > 0; k--) {
                String key = random.nextInt(3) > 0 ? USUAL.get(random.nextInt(USUAL.size())) : text(random, 1 + random.nextInt(12));
                if (!keys.contains(key)) {
                    keys.add(key);
                }
            }
            Collections.shuffle(keys, random);
            Map<String, Object> metadata = new LinkedHashMap<>();
            keys.forEach(key -> metadata.put(key, text(random, random.nextInt(60))));
            String previous = random.nextBoolean() ? null : "ab".repeat(32);
            assertSameAsMapPath(random.nextBoolean() ? metadata : MetaData.from(metadata), previous, random);
        }
    }

    @Test
    void metadataWithAnythingButPlainStringsTakesTheMapPath() {
        assertThat(PlainMetadata.of(Map.of("actor", "line\nbreak"), false)).isNull();
        assertThat(PlainMetadata.of(Map.of("actor", "quote\"d"), false)).isNull();
        assertThat(PlainMetadata.of(Map.of("actor", "back\\slash"), false)).isNull();
        assertThat(PlainMetadata.of(Map.of("actor", "Ærø"), false)).isNull();
        assertThat(PlainMetadata.of(Map.of("count", 3), false)).isNull();
        assertThat(PlainMetadata.of(Map.of("k\u00e9y", "v"), false)).isNull();
        assertThat(PlainMetadata.of(Map.of(), false)).isNotNull();
    }

    private static void assertSameAsMapPath(Map<String, ?> metadata, String previous, Random random) {
        HashChain.Content content = new HashChain.Content("e-" + random.nextInt(), "Issue", "i-" + random.nextInt(),
                random.nextInt(100), "2013-04-11T13:41:30.123Z", "org.issueledger.events.issue.IssueCreated", null,
                new byte[random.nextInt(2_000)], null);
        PlainMetadata plain = PlainMetadata.of(metadata, previous != null);
        assertThat(plain).isNotNull();
        @SuppressWarnings("unchecked")
        String mapHash = HashChain.hashOfStringMetadata(content, (Map<String, String>) metadata, previous);
        String hash = HashChain.hashOfPlainMetadata(content, plain.keys, plain.values, plain.sorted(), previous);
        assertThat(hash).isEqualTo(mapHash);

        // The engine's map as it was built for the row.
        Map<String, Object> chained = new HashMap<>((int) ((metadata.size() + 2) / 0.75f) + 1);
        chained.putAll(metadata);
        chained.put(HashChain.HASH, hash);
        if (previous != null) {
            chained.put(HashChain.PREVIOUS_HASH, previous);
        }
        assertThat(new String(plain.storedJson(hash, previous))).isEqualTo(new String(StoredMetadata.json(chained)));
    }

    private static String text(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(PRINTABLE.charAt(random.nextInt(PRINTABLE.length())));
        }
        return text.toString();
    }
}
