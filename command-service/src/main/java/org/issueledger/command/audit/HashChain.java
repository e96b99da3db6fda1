package org.issueledger.command.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The tamper evidence of the event store: every event's metadata carries {@value #HASH}, a SHA-256 over
 * the event's canonical content, and {@value #PREVIOUS_HASH}, the hash of the event before it in the
 * same aggregate. Changing, removing or inserting a stored row breaks the chain at that row.
 *
 * <p>The canonical content is computed from what a row holds and nothing else, so that an auditor can
 * recompute it from the table alone: each field length-prefixed (no separator can be forged), the
 * metadata without the two hash keys as sorted key / canonical-JSON-value pairs, and the previous hash.
 * The leading scheme name versions the encoding itself.
 */
public final class HashChain {

    public static final String HASH = "hash";
    public static final String PREVIOUS_HASH = "previousHash";

    static final String SCHEME = "issueledger-hash-chain/1";

    /** Parses stored metadata and writes values back with every map's keys sorted: one text per value. */
    private static final ObjectMapper CANONICAL_JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private HashChain() {
    }

    /**
     * One event as stored: the columns of its row. {@code metadata} is the stored metadata JSON object;
     * hash keys in it are ignored.
     */
    public record Content(String eventId, String aggregateType, String aggregateId, long sequence,
                          String timestamp, String payloadType, String payloadRevision, byte[] payload,
                          byte[] metadata) {
    }

    /** The hex SHA-256 of {@code content} chained to {@code previousHash} (null for the first chained event). */
    public static String hash(Content content, String previousHash) {
        return hash(content, canonicalMetadata(content.metadata()), previousHash);
    }

    /**
     * The same hash for an event about to be stored whose metadata values are all strings (what the command
     * path writes): a JSON string reads back as itself, so the canonical pairs come straight from the map
     * instead of from serializing it and parsing the result again — {@link #hash(Content, String)} over the
     * stored row gives the same value. {@code content.metadata()} is not read.
     */
    static String hashOfStringMetadata(Content content, Map<String, String> metadata, String previousHash) {
        Map<String, String> canonical = new TreeMap<>();
        metadata.forEach((key, value) -> {
            if (!HASH.equals(key) && !PREVIOUS_HASH.equals(key)) {
                canonical.put(key, canonicalJson(value));
            }
        });
        return hash(content, canonical, previousHash);
    }

    private static String hash(Content content, Map<String, String> metadata, String previousHash) {
        Feed feed = head(content, metadata.size());
        for (Map.Entry<String, String> entry : metadata.entrySet()) {
            feed.text(entry.getKey());
            feed.text(entry.getValue());
        }
        return feed.end(previousHash);
    }

    /**
     * The same hash for metadata of plain strings only ({@link PlainMetadata}): the canonical JSON of such a value is
     * the value in quotes, written straight into the digest's input, the pairs in the keys' order as a TreeMap has
     * them ({@code sorted}, by {@link String#compareTo}). {@link #hashOfStringMetadata} gives the same value.
     */
    static String hashOfPlainMetadata(Content content, String[] keys, String[] values, int[] sorted, String previousHash) {
        Feed feed = head(content, sorted.length);
        for (int i : sorted) {
            feed.text(keys[i]);
            feed.quoted(values[i]);
        }
        return feed.end(previousHash);
    }

    /**
     * The fields before the metadata pairs. Written into one buffer and digested at once: the bytes are those of the
     * length-prefixed encoding described above, written by DataOutputStream before (HashChainEncodingTest); a digest
     * call per field cost more than the digest itself.
     */
    private static Feed head(Content content, int pairs) {
        Feed feed = FEED.get();
        feed.length = 0;
        feed.text(SCHEME);
        feed.text(content.eventId());
        feed.text(content.aggregateType());
        feed.text(content.aggregateId());
        feed.writeLong(content.sequence());
        feed.text(content.timestamp());
        feed.text(content.payloadType());
        feed.text(content.payloadRevision());
        feed.field(content.payload());
        feed.writeInt(pairs);
        return feed;
    }

    /** A thread's digest and the bytes it is fed. */
    private static final class Feed {
        final MessageDigest digest = sha256();
        private byte[] bytes = new byte[4096];
        private int length;

        String end(String previousHash) {
            text(previousHash);
            digest.reset();
            digest.update(bytes, 0, length);
            return java.util.HexFormat.of().formatHex(digest.digest());
        }

        private void room(int more) {
            if (length + more > bytes.length) {
                bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + more));
            }
        }

        void writeInt(int value) {
            room(4);
            for (int i = 0; i < 4; i++) {
                bytes[length++] = (byte) (value >>> (24 - 8 * i));
            }
        }

        void writeLong(long value) {
            room(8);
            for (int i = 0; i < 8; i++) {
                bytes[length++] = (byte) (value >>> (56 - 8 * i));
            }
        }

        void text(String value) {
            field(value == null ? null : value.getBytes(StandardCharsets.UTF_8));
        }

        /** Length-prefixed; -1 marks null, so that null and empty differ. */
        void field(byte[] value) {
            if (value == null) {
                writeInt(-1);
                return;
            }
            writeInt(value.length);
            room(value.length);
            System.arraycopy(value, 0, bytes, length, value.length);
            length += value.length;
        }

        /** {@code "value"}, length-prefixed, for a value of printable ASCII without {@code "} or {@code \\}. */
        @SuppressWarnings("deprecation") // the low byte of each char: the character itself, for ASCII
        void quoted(String value) {
            int n = value.length();
            writeInt(n + 2);
            room(n + 2);
            bytes[length++] = '"';
            value.getBytes(0, n, bytes, length);
            length += n;
            bytes[length++] = '"';
        }
    }

    /** The value of {@code key} ({@link #HASH} or {@link #PREVIOUS_HASH}) in stored metadata, or null. */
    public static String stored(byte[] metadata, String key) {
        Object value = parse(metadata).get(key);
        return value == null ? null : value.toString();
    }

    private static Map<String, String> canonicalMetadata(byte[] metadata) {
        Map<String, String> canonical = new TreeMap<>();
        parse(metadata).forEach((key, value) -> {
            if (!HASH.equals(key) && !PREVIOUS_HASH.equals(key)) {
                canonical.put(key, canonicalJson(value));
            }
        });
        return canonical;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(byte[] metadata) {
        if (metadata == null || metadata.length == 0) {
            return Map.of();
        }
        try {
            Map<String, Object> parsed = CANONICAL_JSON.readValue(metadata, Map.class);
            return parsed == null ? Map.of() : parsed;
        } catch (IOException e) {
            // Unreadable metadata cannot have been written by the store: it is content, and it was altered.
            return Map.of("\u0000unreadable", java.util.HexFormat.of().formatHex(metadata));
        }
    }

    static String canonicalJson(Object value) {
        // The command path's values (ids, names, instants) are plain ASCII: Jackson writes such a string as itself in
        // quotes, so the answer is the same without a generator (a twentieth of the import's CPU went to Jackson here).
        if (value instanceof String text && plainAscii(text)) {
            return '"' + text + '"';
        }
        try {
            return CANONICAL_JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Printable ASCII without {@code "} and {@code \\}: what a JSON writer copies unescaped. */
    static boolean plainAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** One digest per thread: looking the algorithm up for every event cost more than a third of the hashing. */
    private static final ThreadLocal<Feed> FEED = ThreadLocal.withInitial(Feed::new);

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
