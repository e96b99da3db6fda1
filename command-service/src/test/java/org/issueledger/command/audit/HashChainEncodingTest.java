package org.issueledger.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * Every hash already stored must still verify: the digest is fed field by field now, and must digest exactly the
 * bytes the original encoder wrote (kept here as the reference: DataOutputStream, length-prefixed, -1 for null).
 */
class HashChainEncodingTest {

    @Test
    void theHashIsTheDigestOfTheOriginalLengthPrefixedEncoding() throws Exception {
        Random random = new Random(5);
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[random.nextInt(3_000)];
            random.nextBytes(payload);
            Map<String, String> metadata = new TreeMap<>();
            for (int m = random.nextInt(8); m > 0; m--) {
                metadata.put("key" + random.nextInt(100), "\"value " + random.nextInt() + " ü\"");
            }
            HashChain.Content content = new HashChain.Content("event-" + i, "Issue", "issue-" + random.nextInt(),
                    random.nextLong(), "2013-04-11T13:41:30.123Z", "org.issueledger.events.issue.IssueCreated",
                    i % 3 == 0 ? null : "1", payload, null);
            String previous = i % 4 == 0 ? null : "ab".repeat(32);
            Map<String, String> stringMetadata = new java.util.HashMap<>();
            metadata.forEach((key, value) -> stringMetadata.put(key, value.substring(1, value.length() - 1)));
            assertThat(HashChain.hashOfStringMetadata(content, stringMetadata, previous))
                    .isEqualTo(reference(content, canonical(stringMetadata), previous));
        }
    }

    private static Map<String, String> canonical(Map<String, String> metadata) {
        Map<String, String> canonical = new TreeMap<>();
        metadata.forEach((key, value) -> canonical.put(key, HashChain.canonicalJson(value)));
        return canonical;
    }

    /** The encoder as it was when the chain's first hashes were written. */
    private static String reference(HashChain.Content content, Map<String, String> metadata, String previousHash)
            throws IOException, java.security.NoSuchAlgorithmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            text(out, HashChain.SCHEME);
            text(out, content.eventId());
            text(out, content.aggregateType());
            text(out, content.aggregateId());
            out.writeLong(content.sequence());
            text(out, content.timestamp());
            text(out, content.payloadType());
            text(out, content.payloadRevision());
            field(out, content.payload());
            out.writeInt(metadata.size());
            for (Map.Entry<String, String> entry : metadata.entrySet()) {
                text(out, entry.getKey());
                text(out, entry.getValue());
            }
            text(out, previousHash);
        }
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray()));
    }

    private static void text(DataOutputStream out, String value) throws IOException {
        field(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void field(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.length);
        out.write(value);
    }
}
