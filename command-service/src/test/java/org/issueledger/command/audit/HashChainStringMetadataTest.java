package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

/**
 * The engine hashes string metadata from the map, a verifier from the stored JSON: both must give the same
 * hash for any string, or every chain written that way would read as tampered.
 */
class HashChainStringMetadataTest {

    private static final JacksonSerializer STORE = JacksonSerializer.defaultSerializer();

    @Test
    void hashFromTheMapEqualsHashFromTheStoredJsonForAwkwardStrings() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("actor", "rita");
        metadata.put("quote\"and\\backslash", "line\nbreak\ttab \u0001 control");
        metadata.put("unicode", "Ærø – 東京 – emoji \uD83D\uDE80");
        metadata.put("empty", "");
        metadata.put("importedFrom", "1-364285768#0");
        metadata.put(HashChain.HASH, "ignored: only the engine writes it");
        MetaData stored = MetaData.from(metadata);
        byte[] json = STORE.serialize(stored, byte[].class).getData();

        for (String previous : new String[] {null, "ab12"}) {
            String fromRow = HashChain.hash(content(json), previous);
            String fromMap = HashChain.hashOfStringMetadata(content(null), metadata, previous);
            assertThat(fromMap).isEqualTo(fromRow);
        }
        Map<String, String> changed = new LinkedHashMap<>(metadata);
        changed.put("actor", "rita ");
        assertThat(HashChain.hashOfStringMetadata(content(null), changed, null))
                .isNotEqualTo(HashChain.hash(content(json), null));
    }

    private static HashChain.Content content(byte[] metadata) {
        return new HashChain.Content("e-1", "Issue", "i-1", 3, "2024-01-01T00:00:00Z", "org.example.Created", null,
                "{\"title\":\"x\"}".getBytes(StandardCharsets.UTF_8), metadata);
    }
}
