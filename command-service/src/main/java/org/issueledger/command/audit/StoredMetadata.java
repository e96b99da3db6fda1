package org.issueledger.command.audit;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An event's metadata as the row stores it, for the common case of plain-ASCII string keys and values: the JSON
 * object Jackson would write for the map (its entries in the map's order, each string in quotes as it is), without a
 * serializer — a sixteenth of the import's CPU went to serializing metadata. Anything else (a non-string value, a
 * character JSON escapes) answers null, and the caller serializes as before.
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
}
