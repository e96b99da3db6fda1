package org.issueledger.command.relay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An event's stored payload read by hand for its envelope: where its top-level {@code issueId}, {@code occurredAt} and
 * {@code actor} are, and whether the whole can go into the envelope as it is — compact JSON (no white space), valid
 * UTF-8, every string written as the envelope's mapper writes it ({@link JsonStrings}: no escape the mapper would not
 * write, no character it would escape left bare, no escaped surrogate), the three fields each once under a plain name,
 * a canonical issue id and an instant in the envelope's ISO form. Anything else is not read ({@link #read} answers
 * null) and the record is written the slow way, from the deserialized event; so a reading here may refuse more than
 * needed, never accept what would give another text.
 *
 * <p>This replaced a Jackson parser, a generator and the payload decoded into a {@code String} and encoded again:
 * together half of the relay thread's CPU in a 1M import's profile.
 */
final class StoredPayload {

    private static final int MAX_DEPTH = 64;
    private static final byte[] ISSUE_ID = "issueId".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OCCURRED_AT = "occurredAt".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ACTOR = "actor".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    /** Per byte: 0 for a lower-case hex digit, -1 for anything else. */
    private static final byte[] HEX = new byte[256];

    static {
        Arrays.fill(HEX, (byte) -1);
        for (char c : "0123456789abcdef".toCharArray()) {
            HEX[c] = 0;
        }
    }

    /** The stored JSON. */
    final byte[] json;
    /** The issue id's 36 characters (after its quote). */
    int issueId = -1;
    /** The instant's text (after its quote, before the closing one). */
    int occurredAtStart = -1;
    int occurredAtEnd;
    /** The actor's value as stored: a string with its quotes, or {@code null}. */
    int actorStart = -1;
    int actorEnd;

    private final JsonStrings strings;
    private int at;
    private int depth;

    private StoredPayload(byte[] json, JsonStrings strings) {
        this.json = json;
        this.strings = strings;
    }

    /** The payload's parts, or null when it is not in the form whose envelope is known to be the same text. */
    static StoredPayload read(byte[] json, JsonStrings strings) {
        StoredPayload payload = new StoredPayload(json, strings);
        return payload.topLevel() ? payload : null;
    }

    /**
     * The stored metadata's pairs in the order of their keys (a {@code TreeMap}'s, as the envelope has them), four
     * positions each — key start and end, value start and end, between the quotes — or null unless the JSON is a flat
     * object of strings (each as the envelope's mapper writes it) under plain ASCII keys, each key once: the form the
     * event store writes every command's metadata in. For other metadata the envelope asks the message for its map.
     */
    static int[] metadata(byte[] json, JsonStrings strings) {
        StoredPayload metadata = new StoredPayload(json, strings);
        return metadata.pairs();
    }

    private int[] pairs() {
        byte[] in = json;
        if (in.length < 2 || in[0] != '{') {
            return null;
        }
        if (in[1] == '}') {
            return in.length == 2 ? new int[0] : null;
        }
        int[] pairs = new int[64];
        // Each key's first eight bytes as a number (zeros after a shorter key): most keys are ordered by it alone.
        long[] prefixes = new long[16];
        int n = 0;
        at = 1;
        while (true) {
            int keyStart = at + 1;
            if (in[at] != '"' || !string()) {
                return null;
            }
            int keyEnd = at - 1;
            long prefix = 0;
            for (int i = keyStart; i < keyEnd; i++) {
                // ASCII as it is: then the keys' byte order is their order as strings.
                if (strings.kind(in[i]) != JsonStrings.RAW) {
                    return null;
                }
                if (i < keyStart + 8) {
                    prefix |= (long) in[i] << (56 - 8 * (i - keyStart));
                }
            }
            if (at + 1 >= in.length || in[at] != ':' || in[at + 1] != '"') {
                return null;
            }
            at++;
            int valueStart = at + 1;
            if (!string()) {
                return null;
            }
            if (n == pairs.length) {
                pairs = Arrays.copyOf(pairs, n * 2);
                prefixes = Arrays.copyOf(prefixes, n / 2);
            }
            // Insertion by key: a handful of pairs.
            int slot = n;
            while (slot > 0) {
                long before = prefixes[slot / 4 - 1];
                int order = before != prefix ? Long.compare(before, prefix)
                        : compare(in, pairs[slot - 4], pairs[slot - 3], keyStart, keyEnd);
                if (order == 0) {
                    return null;
                }
                if (order < 0) {
                    break;
                }
                System.arraycopy(pairs, slot - 4, pairs, slot, 4);
                prefixes[slot / 4] = before;
                slot -= 4;
            }
            pairs[slot] = keyStart;
            pairs[slot + 1] = keyEnd;
            pairs[slot + 2] = valueStart;
            pairs[slot + 3] = at - 1;
            prefixes[slot / 4] = prefix;
            n += 4;
            if (at >= in.length) {
                return null;
            }
            byte next = in[at++];
            if (next == '}') {
                return at == in.length ? Arrays.copyOf(pairs, n) : null;
            }
            if (next != ',' || at >= in.length) {
                return null;
            }
        }
    }

    /** Two ASCII keys of the same bytes compared as strings are: by their first difference, else by length. */
    private static int compare(byte[] in, int aStart, int aEnd, int bStart, int bEnd) {
        int length = Math.min(aEnd - aStart, bEnd - bStart);
        for (int i = 0; i < length; i++) {
            int difference = in[aStart + i] - in[bStart + i];
            if (difference != 0) {
                return difference;
            }
        }
        return (aEnd - aStart) - (bEnd - bStart);
    }

    String issueId() {
        return new String(json, issueId, 36, StandardCharsets.ISO_8859_1);
    }

    private boolean topLevel() {
        byte[] in = json;
        if (in.length < 2 || in[0] != '{') {
            return false;
        }
        at = 1;
        depth = 1;
        if (in[at] == '}') {
            return false;
        }
        while (true) {
            int nameStart = at + 1;
            // A name with an escape is not one of the three: the mapper writes letters as they are (JsonStrings), and
            // string() takes only the mapper's own escapes.
            if (in[at] != '"' || !string()) {
                return false;
            }
            int nameEnd = at - 1;
            if (at >= in.length || in[at++] != ':') {
                return false;
            }
            int valueStart = at;
            if (!value()) {
                return false;
            }
            if (!field(nameStart, nameEnd, valueStart, at) || at >= in.length) {
                return false;
            }
            byte next = in[at++];
            if (next == '}') {
                return at == in.length && issueId >= 0 && occurredAtStart >= 0 && actorStart >= 0;
            }
            if (next != ',' || at >= in.length) {
                return false;
            }
        }
    }

    /** Notes a top-level field the envelope takes; false when one comes twice or has no usable value. */
    private boolean field(int nameStart, int nameEnd, int valueStart, int valueEnd) {
        byte[] in = json;
        if (is(ISSUE_ID, nameStart, nameEnd)) {
            if (issueId >= 0 || valueEnd - valueStart != 38 || in[valueStart] != '"' || !canonical(in, valueStart + 1)) {
                return false;
            }
            issueId = valueStart + 1;
        } else if (is(OCCURRED_AT, nameStart, nameEnd)) {
            if (occurredAtStart >= 0 || in[valueStart] != '"' || !isoInstant(in, valueStart + 1, valueEnd - 1)) {
                return false;
            }
            occurredAtStart = valueStart + 1;
            occurredAtEnd = valueEnd - 1;
        } else if (is(ACTOR, nameStart, nameEnd)) {
            if (actorStart >= 0 || in[valueStart] != '"' && !is(NULL, valueStart, valueEnd)) {
                return false;
            }
            actorStart = valueStart;
            actorEnd = valueEnd;
        }
        return true;
    }

    private boolean is(byte[] text, int start, int end) {
        if (end - start != text.length) {
            return false;
        }
        for (int i = 0; i < text.length; i++) {
            if (json[start + i] != text[i]) {
                return false;
            }
        }
        return true;
    }

    private boolean value() {
        byte[] in = json;
        if (at >= in.length) {
            return false;
        }
        return switch (in[at]) {
            case '"' -> string();
            case '{' -> object();
            case '[' -> array();
            case 't' -> literal(TRUE);
            case 'f' -> literal(FALSE);
            case 'n' -> literal(NULL);
            default -> number();
        };
    }

    private boolean object() {
        byte[] in = json;
        if (++depth > MAX_DEPTH) {
            return false;
        }
        at++;
        if (at < in.length && in[at] == '}') {
            at++;
            depth--;
            return true;
        }
        while (at < in.length && in[at] == '"' && string() && at < in.length && in[at++] == ':' && value()
                && at < in.length) {
            byte next = in[at++];
            if (next == '}') {
                depth--;
                return true;
            }
            if (next != ',') {
                return false;
            }
        }
        return false;
    }

    private boolean array() {
        byte[] in = json;
        if (++depth > MAX_DEPTH) {
            return false;
        }
        at++;
        if (at < in.length && in[at] == ']') {
            at++;
            depth--;
            return true;
        }
        while (value() && at < in.length) {
            byte next = in[at++];
            if (next == ']') {
                depth--;
                return true;
            }
            if (next != ',') {
                return false;
            }
        }
        return false;
    }

    private boolean literal(byte[] text) {
        int end = at + text.length;
        if (end > json.length || !Arrays.equals(json, at, end, text, 0, text.length)) {
            return false;
        }
        at = end;
        return true;
    }

    /** JSON's number: {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}. */
    private boolean number() {
        byte[] in = json;
        int i = at;
        if (i < in.length && in[i] == '-') {
            i++;
        }
        if (i >= in.length || !digit(in[i])) {
            return false;
        }
        if (in[i++] != '0') {
            while (i < in.length && digit(in[i])) {
                i++;
            }
        }
        if (i < in.length && in[i] == '.') {
            i++;
            if (i >= in.length || !digit(in[i])) {
                return false;
            }
            while (i < in.length && digit(in[i])) {
                i++;
            }
        }
        if (i < in.length && (in[i] == 'e' || in[i] == 'E')) {
            i++;
            if (i < in.length && (in[i] == '+' || in[i] == '-')) {
                i++;
            }
            if (i >= in.length || !digit(in[i])) {
                return false;
            }
            while (i < in.length && digit(in[i])) {
                i++;
            }
        }
        at = i;
        return true;
    }

    private static boolean digit(byte b) {
        return b >= '0' && b <= '9';
    }

    /** A string from its opening quote: each character as the envelope's mapper writes it. */
    private boolean string() {
        byte[] in = json;
        int i = at + 1;
        JsonStrings strings = this.strings;
        while (i < in.length) {
            byte kind = strings.kind(in[i]);
            if (kind == JsonStrings.RAW) {
                i++;
                continue;
            }
            int length = switch (kind) {
                case JsonStrings.QUOTE -> {
                    at = i + 1;
                    yield -1;
                }
                case JsonStrings.BACKSLASH -> escape(in, i);
                case JsonStrings.NON_ASCII -> utf8(in, i);
                default -> 0;
            };
            if (length <= 0) {
                return length < 0;
            }
            i += length;
        }
        return false;
    }

    /** The length of the escape at {@code i} if it is the mapper's own for its (ASCII) character, else 0. */
    private int escape(byte[] in, int i) {
        if (i + 1 >= in.length) {
            return 0;
        }
        int c;
        int length;
        switch (in[i + 1]) {
            case '"' -> c = '"';
            case '\\' -> c = '\\';
            case '/' -> c = '/';
            case 'b' -> c = '\b';
            case 'f' -> c = '\f';
            case 'n' -> c = '\n';
            case 'r' -> c = '\r';
            case 't' -> c = '\t';
            case 'u' -> {
                c = i + 6 <= in.length ? hex4(in, i + 2) : -1;
                if (c < 0) {
                    return 0;
                }
            }
            default -> {
                return 0;
            }
        }
        length = in[i + 1] == 'u' ? 6 : 2;
        // The mapper writes non-ASCII as it is (JsonStrings checked): an escaped one, a surrogate above all, is not its text.
        return c < 0x80 && strings.isEscapeOf((char) c, in, i, length) ? length : 0;
    }

    private static int hex4(byte[] in, int i) {
        int value = 0;
        for (int k = i; k < i + 4; k++) {
            int b = in[k];
            int digit = b >= '0' && b <= '9' ? b - '0' : b >= 'a' && b <= 'f' ? b - 'a' + 10
                    : b >= 'A' && b <= 'F' ? b - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i} (2–4 bytes, no overlong form, no surrogate, at most
     * U+10FFFF), else 0: only such bytes decode and encode again to themselves.
     */
    static int utf8(byte[] in, int i) {
        int b = in[i] & 0xFF;
        int length;
        int low = 0x80;
        int high = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3;
            if (b == 0xE0) {
                low = 0xA0;
            } else if (b == 0xED) {
                high = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4;
            if (b == 0xF0) {
                low = 0x90;
            } else if (b == 0xF4) {
                high = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + length > in.length) {
            return 0;
        }
        int second = in[i + 1] & 0xFF;
        if (second < low || second > high) {
            return 0;
        }
        for (int k = i + 2; k < i + length; k++) {
            if ((in[k] & 0xC0) != 0x80) {
                return 0;
            }
        }
        return length;
    }

    /** A UUID as {@link java.util.UUID#toString()} writes it (lower-case hex, 8-4-4-4-12). */
    static boolean canonical(byte[] in, int start) {
        return in[start + 8] == '-' && in[start + 13] == '-' && in[start + 18] == '-' && in[start + 23] == '-'
                && (hex(in, start, start + 8) | hex(in, start + 9, start + 13) | hex(in, start + 14, start + 18)
                | hex(in, start + 19, start + 23) | hex(in, start + 24, start + 36)) >= 0;
    }

    /** 0 when every byte is a lower-case hex digit, negative otherwise (a table look-up per byte, no branch). */
    private static int hex(byte[] in, int start, int end) {
        int hex = 0;
        for (int i = start; i < end; i++) {
            hex |= HEX[in[i] & 0xFF];
        }
        return hex;
    }

    /** {@link IssueEventRecords#isoInstant} on the stored bytes. */
    static boolean isoInstant(byte[] in, int start, int end) {
        int length = end - start;
        if (length != 20 && length != 24 && length != 27 && length != 30) {
            return false;
        }
        for (int i = 0; i < length - 1; i++) {
            byte c = in[start + i];
            boolean ok = switch (i) {
                case 4, 7 -> c == '-';
                case 10 -> c == 'T';
                case 13, 16 -> c == ':';
                case 19 -> c == '.';
                default -> c >= '0' && c <= '9';
            };
            if (!ok) {
                return false;
            }
        }
        return in[end - 1] == 'Z' && (length == 20 || !(in[end - 4] == '0' && in[end - 3] == '0' && in[end - 2] == '0'));
    }
}
