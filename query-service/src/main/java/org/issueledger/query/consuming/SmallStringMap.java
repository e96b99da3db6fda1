package org.issueledger.query.consuming;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * An event's metadata (a handful of string entries) as one array of names and values, in the order they were read;
 * read-only. A {@code LinkedHashMap} of the same six entries took ~370 bytes in entries, table and map, ~10 times the
 * array, and a live batch keeps one per event for as long as it is applied (bench/README, Branch proj12). Looked up by
 * scanning, which for a handful of names is as quick as hashing. The names are the parser's, shared between events.
 */
final class SmallStringMap extends AbstractMap<String, String> {

    /** names at even indexes, each followed by its value (which may be null) */
    private final String[] entries;

    private SmallStringMap(String[] entries) {
        this.entries = entries;
    }

    @Override
    public String get(Object name) {
        int at = indexOf(entries, entries.length, name);
        return at < 0 ? null : entries[at + 1];
    }

    @Override
    public boolean containsKey(Object name) {
        return indexOf(entries, entries.length, name) >= 0;
    }

    @Override
    public int size() {
        return entries.length / 2;
    }

    @Override
    public Set<Map.Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < entries.length;
                    }

                    @Override
                    public Map.Entry<String, String> next() {
                        if (next >= entries.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, String> entry = new SimpleImmutableEntry<>(entries[next], entries[next + 1]);
                        next += 2;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return entries.length / 2;
            }
        };
    }

    private static int indexOf(String[] entries, int length, Object name) {
        for (int i = 0; i < length; i += 2) {
            if (Objects.equals(entries[i], name)) {
                return i;
            }
        }
        return -1;
    }

    /** Collects entries; a name given again replaces its value in its first place, as a {@code LinkedHashMap} does. */
    static final class Builder {

        private String[] entries = new String[16];
        private int length;

        Builder put(String name, String value) {
            int at = indexOf(entries, length, name);
            if (at >= 0) {
                entries[at + 1] = value;
                return this;
            }
            if (length == entries.length) {
                entries = Arrays.copyOf(entries, length * 2);
            }
            entries[length++] = name;
            entries[length++] = value;
            return this;
        }

        Map<String, String> build() {
            return length == 0 ? Map.of() : new SmallStringMap(Arrays.copyOf(entries, length));
        }
    }
}
