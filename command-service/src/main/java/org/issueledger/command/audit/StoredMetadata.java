package org.issueledger.command.audit;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * An event's metadata as the row stores it, for the common case of plain-ASCII string keys and values: the JSON
 * object Jackson would write for the map (its entries in the map's order, each string in quotes as it is), without a
 * serializer — a sixteenth of the import's CPU went to serializing metadata. Anything else (a non-string value, a
 * character JSON escapes) answers null, and the caller serializes as before. {@link #parse} reads such an object back.
 *
 * <p>{@link #json} states the form for any map. The engine writes it for a row through {@link PlainMetadata}, which
 * checks the pairs once for the hash too and builds no map; the tests hold both to Jackson's text.
 */
final class StoredMetadata {

    private StoredMetadata() {
    }

    static byte[] json(Map<String, ?> metadata) {
        StringBuilder out = new StringBuilder(64 * metadata.size() + 2).append('{');
        boolean first = true;
        for (Map.Entry<String, ?> entry : metadata.entrySet()) {
            if (!(entry.getValue() instanceof String value) || !HashChain.plainAscii(entry.getKey())
                    || !HashChain.plainAscii(value)) {
                return null;
            }
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append('"').append(entry.getKey()).append("\":\"").append(value).append('"');
        }
        return out.append('}').toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * The pairs of stored metadata in exactly the form {@link #json} writes (no white space, every key and value a
     * string of printable ASCII without {@code "} or {@code \\}, no key twice), in the order they are written: what
     * Jackson's reading gives for such text, without a parser — every event processor reads every event's metadata.
     * Anything else answers null, and the caller asks Jackson.
     */
    static Map<String, Object> parse(byte[] json) {
        int n = json.length;
        if (n < 2 || json[0] != '{' || json[n - 1] != '}') {
            return null;
        }
        Map<String, Object> pairs = new HashMap<>();
        int i = 1;
        if (n == 2) {
            return pairs;
        }
        while (true) {
            int keyEnd = stringEnd(json, i, n);
            if (keyEnd < 0 || keyEnd + 2 >= n || json[keyEnd + 1] != ':') {
                return null;
            }
            int valueEnd = stringEnd(json, keyEnd + 2, n);
            if (valueEnd < 0) {
                return null;
            }
            String key = new String(json, i + 1, keyEnd - i - 1, StandardCharsets.US_ASCII);
            String value = new String(json, keyEnd + 3, valueEnd - keyEnd - 3, StandardCharsets.US_ASCII);
            if (pairs.put(key, value) != null) {
                return null;
            }
            i = valueEnd + 1;
            if (i == n - 1) {
                return pairs;
            }
            if (json[i] != ',') {
                return null;
            }
            i++;
        }
    }

    /** The index of the closing quote of the plain string opening at {@code start}, or -1. */
    private static int stringEnd(byte[] json, int start, int n) {
        if (start >= n || json[start] != '"') {
            return -1;
        }
        for (int i = start + 1; i < n; i++) {
            byte b = json[i];
            if (b == '"') {
                return i;
            }
            if (b < 0x20 || b > 0x7E || b == '\\') {
                return -1;
            }
        }
        return -1;
    }
}
