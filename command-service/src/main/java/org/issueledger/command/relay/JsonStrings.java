package org.issueledger.command.relay;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * How the envelope's {@link JsonMapper} writes a string, as the bytes of a record: the envelope of a stored event is
 * written by hand ({@link IssueEventRecords}), and its strings must be the very bytes the mapper's text, encoded as
 * UTF-8, would be. What each ASCII character becomes is learned from the mapper itself; that every other character is
 * written as it is (its UTF-8, a lone surrogate as the {@code ?} of {@link String#getBytes}) is checked against the
 * mapper once, for values and for names. A mapper configured otherwise (escaping non-ASCII, say) fails the check, and
 * every record is then written the slow way, by the mapper.
 */
final class JsonStrings {

    /** What a byte inside a stored string is to the envelope ({@link #kind}). */
    static final byte RAW = 0;
    static final byte QUOTE = 1;
    static final byte BACKSLASH = 2;
    /** An ASCII character the mapper escapes: bare in a stored string, it is not the mapper's text. */
    static final byte ESCAPED = 3;
    /** The first (or a later) byte of a non-ASCII character's UTF-8. */
    static final byte NON_ASCII = 4;

    /** Per ASCII character, its text inside a JSON string; null where the mapper writes the character as it is. */
    private final byte[][] ascii;
    private final byte[] kinds = new byte[256];

    private JsonStrings(byte[][] ascii) {
        this.ascii = ascii;
        for (int b = 0; b < 256; b++) {
            kinds[b] = b >= 0x80 ? NON_ASCII : b == '"' ? QUOTE : b == '\\' ? BACKSLASH : ascii[b] == null ? RAW : ESCAPED;
        }
    }

    /** The mapper's way with strings, or null when it is not one this class reproduces. */
    static JsonStrings of(JsonMapper json) {
        byte[][] ascii = new byte[128][];
        for (char c = 0; c < 128; c++) {
            byte[] quoted = json.writeValueAsString(String.valueOf(c)).getBytes(StandardCharsets.UTF_8);
            if (quoted.length < 3 || quoted[0] != '"' || quoted[quoted.length - 1] != '"') {
                return null;
            }
            byte[] text = Arrays.copyOfRange(quoted, 1, quoted.length - 1);
            ascii[c] = text.length == 1 && text[0] == c ? null : text;
            // Letters, digits and the UUIDs' dash as they are: then a name with an escape is none of the names the
            // envelope looks for, and an id the envelope copies is the mapper's text.
            if ((Character.isLetterOrDigit(c) || c == '-') && ascii[c] != null) {
                return null;
            }
        }
        JsonStrings strings = new JsonStrings(ascii);
        String probe = probe();
        byte[] value = strings.quoted(probe);
        byte[] name = new byte[value.length + 5];
        name[0] = '{';
        System.arraycopy(value, 0, name, 1, value.length);
        System.arraycopy(new byte[] {':', '"', '"', '}'}, 0, name, value.length + 1, 4);
        boolean same = Arrays.equals(value, json.writeValueAsString(probe).getBytes(StandardCharsets.UTF_8))
                && Arrays.equals(name, json.writeValueAsString(Map.of(probe, "")).getBytes(StandardCharsets.UTF_8));
        return same ? strings : null;
    }

    /** Every character once (ASCII, the rest of the BMP), a pair beyond it, and lone and reversed surrogates. */
    static String probe() {
        StringBuilder all = new StringBuilder(70_000);
        for (int c = 0; c <= 0xFFFF; c++) {
            if (!Character.isSurrogate((char) c)) {
                all.append((char) c);
            }
        }
        return all.append("\uD83D\uDE00 \uD800 x\uDBFF\uDC00\uDFFF\uDC00\uD800").toString();
    }

    /** Whether the mapper writes this ASCII character in a string as it is. */
    boolean raw(int asciiChar) {
        return ascii[asciiChar] == null;
    }

    /** What the byte is inside a stored string: {@link #RAW}, {@link #QUOTE}, {@link #BACKSLASH} … */
    byte kind(byte b) {
        return kinds[b & 0xFF];
    }

    /** Whether {@code length} bytes of {@code in} from {@code at} are the mapper's escape for this ASCII character. */
    boolean isEscapeOf(char asciiChar, byte[] in, int at, int length) {
        byte[] escape = ascii[asciiChar];
        return escape != null && Arrays.equals(escape, 0, escape.length, in, at, at + length);
    }

    /** The bytes {@link #write} takes for the string (without quotes). */
    int length(String s) {
        int n = 0;
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte[] escape = ascii[c];
                n += escape == null ? 1 : escape.length;
            } else if (c < 0x800) {
                n += 2;
            } else if (!Character.isSurrogate(c)) {
                n += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 1;
            }
        }
        return n;
    }

    /** Writes the string's text (without quotes) from {@code at}; returns the position after it. */
    int write(String s, byte[] out, int at) {
        int length = s.length();
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                byte[] escape = ascii[c];
                if (escape == null) {
                    out[at++] = (byte) c;
                } else {
                    System.arraycopy(escape, 0, out, at, escape.length);
                    at += escape.length;
                }
            } else if (c < 0x800) {
                out[at++] = (byte) (0xC0 | c >> 6);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (!Character.isSurrogate(c)) {
                out[at++] = (byte) (0xE0 | c >> 12);
                out[at++] = (byte) (0x80 | c >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
                int code = Character.toCodePoint(c, s.charAt(++i));
                out[at++] = (byte) (0xF0 | code >> 18);
                out[at++] = (byte) (0x80 | code >> 12 & 0x3F);
                out[at++] = (byte) (0x80 | code >> 6 & 0x3F);
                out[at++] = (byte) (0x80 | code & 0x3F);
            } else {
                out[at++] = '?';
            }
        }
        return at;
    }

    /** The string in quotes, as the mapper writes it. */
    byte[] quoted(String s) {
        byte[] out = new byte[length(s) + 2];
        out[0] = '"';
        write(s, out, 1);
        out[out.length - 1] = '"';
        return out;
    }
}
