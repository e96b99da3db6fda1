package org.issueledger.command.audit;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's metadata about to be stored when every key and value is a string of printable ASCII without {@code "}
 * or {@code \\} (every command's and deadline's): checked once, then both the hash's canonical pairs and the row's JSON
 * are written from it directly — each had walked, checked and copied the pairs again (a map for the row, a sorted map
 * of quoted values for the hash), a sixth of the append's CPU.
 *
 * <p>The row's JSON keeps the order it had: the iteration order of the map the engine built, a {@link HashMap} sized
 * for the metadata and the two hash keys, filled with the metadata in its order, then {@value HashChain#HASH}, then
 * {@value HashChain#PREVIOUS_HASH} when there is one. That order depends on nothing but those keys in that order, so
 * it is found once by building such a map, and kept per thread for the key lists met (an import meets a handful).
 */
final class PlainMetadata {

    private static final int KEPT_ORDERS = 16;
    private static final ThreadLocal<Order[]> ORDERS = ThreadLocal.withInitial(() -> new Order[KEPT_ORDERS]);

    final String[] keys;
    final String[] values;
    private final Order order;

    private PlainMetadata(String[] keys, String[] values, Order order) {
        this.keys = keys;
        this.values = values;
        this.order = order;
    }

    /**
     * @param metadata      without the hash keys
     * @param previousHash  whether the row will hold {@value HashChain#PREVIOUS_HASH}
     * @return null when a key or value is anything else than a plain string
     */
    static PlainMetadata of(Map<String, ?> metadata, boolean previousHash) {
        int n = metadata.size();
        String[] keys = new String[n];
        String[] values = new String[n];
        int i = 0;
        for (Map.Entry<String, ?> entry : metadata.entrySet()) {
            if (!(entry.getValue() instanceof String value) || !HashChain.plainAscii(entry.getKey())
                    || !HashChain.plainAscii(value)) {
                return null;
            }
            keys[i] = entry.getKey();
            values[i++] = value;
        }
        return new PlainMetadata(keys, values, order(keys, previousHash));
    }

    /** The pairs' indexes in the order of their keys ({@link String#compareTo}, a TreeMap's). */
    int[] sorted() {
        return order.sorted;
    }

    /** The row's metadata: these pairs and the hash keys, as {@link StoredMetadata#json} writes the engine's map. */
    byte[] storedJson(String hash, String previousHash) {
        int size = 2;
        for (int i = 0; i < keys.length; i++) {
            size += keys[i].length() + values[i].length() + 6;
        }
        size += HashChain.HASH.length() + hash.length() + 6;
        if (previousHash != null) {
            size += HashChain.PREVIOUS_HASH.length() + previousHash.length() + 6;
        }
        byte[] json = new byte[size - 1];
        int at = 0;
        json[at++] = '{';
        boolean first = true;
        for (int i : order.stored) {
            if (!first) {
                json[at++] = ',';
            }
            first = false;
            String key = i < keys.length ? keys[i] : i == keys.length ? HashChain.HASH : HashChain.PREVIOUS_HASH;
            String value = i < keys.length ? values[i] : i == keys.length ? hash : previousHash;
            at = quoted(json, at, key);
            json[at++] = ':';
            at = quoted(json, at, value);
        }
        json[at++] = '}';
        return at == json.length ? json : java.util.Arrays.copyOf(json, at);
    }

    @SuppressWarnings("deprecation") // the low byte of each char: the character itself, for ASCII
    private static int quoted(byte[] json, int at, String text) {
        json[at++] = '"';
        text.getBytes(0, text.length(), json, at);
        at += text.length();
        json[at++] = '"';
        return at;
    }

    /** For one list of keys: the sorted order of the pairs, and the order of the row's pairs (hash keys last indexes). */
    private record Order(String[] keys, boolean previousHash, int[] sorted, int[] stored) {

        boolean isFor(String[] others, boolean previous) {
            if (previous != previousHash || others.length != keys.length) {
                return false;
            }
            for (int i = 0; i < keys.length; i++) {
                if (others[i] != keys[i] && !others[i].equals(keys[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    private static Order order(String[] keys, boolean previousHash) {
        Order[] kept = ORDERS.get();
        for (Order order : kept) {
            if (order == null) {
                break;
            }
            if (order.isFor(keys, previousHash)) {
                return order;
            }
        }
        Order order = new Order(keys.clone(), previousHash, sortedOrder(keys), storedOrder(keys, previousHash));
        System.arraycopy(kept, 0, kept, 1, KEPT_ORDERS - 1);
        kept[0] = order;
        return order;
    }

    private static int[] sortedOrder(String[] keys) {
        return java.util.stream.IntStream.range(0, keys.length).boxed()
                .sorted((a, b) -> keys[a].compareTo(keys[b])).mapToInt(Integer::intValue).toArray();
    }

    /** The engine's map, built as it was built for the row, with each pair's index as its value. */
    private static int[] storedOrder(String[] keys, boolean previousHash) {
        Map<String, Integer> metadata = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            metadata.put(keys[i], i);
        }
        Map<String, Integer> chained = new HashMap<>((int) ((keys.length + 2) / 0.75f) + 1);
        chained.putAll(metadata);
        chained.put(HashChain.HASH, keys.length);
        if (previousHash) {
            chained.put(HashChain.PREVIOUS_HASH, keys.length + 1);
        }
        return chained.values().stream().mapToInt(Integer::intValue).toArray();
    }
}
