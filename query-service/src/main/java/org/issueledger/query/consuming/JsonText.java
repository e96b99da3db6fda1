package org.issueledger.query.consuming;

import java.nio.charset.StandardCharsets;

/**
 * A JSON value as a record holds it: the UTF-8 bytes of the record, and the {@code String} made from them only when
 * someone asks for it. The audit trail keeps every event's payload and metadata verbatim; decoding ~800 bytes into a
 * {@code String} and encoding it back for the binary COPY was a tenth of the query-service's CPU in a rebuild, and
 * the bytes are already what the COPY sends.
 *
 * <p>Only plain ASCII bytes are handed on as they are ({@link #ascii}): those are exactly what the text encodes to.
 * Anything else (text in other scripts, or bytes that are not valid UTF-8, which decoding replaces) goes through the
 * {@code String}, as before.
 */
public final class JsonText {

    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final boolean ascii;
    private String text;

    private JsonText(byte[] bytes, int offset, int length, boolean ascii, String text) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.ascii = ascii;
        this.text = text;
    }

    /** The bytes {@code [start, end)} of a record's value. */
    static JsonText slice(byte[] bytes, int start, int end) {
        boolean ascii = true;
        for (int i = start; i < end; i++) {
            if (bytes[i] < 0) {
                ascii = false;
                break;
            }
        }
        return new JsonText(bytes, start, end - start, ascii, null);
    }

    /** A value known only as text (written from the decoded event). */
    public static JsonText of(String text) {
        return text == null ? null : new JsonText(null, 0, 0, false, text);
    }

    public String text() {
        String known = text;
        if (known == null) {
            known = new String(bytes, offset, length, StandardCharsets.UTF_8);
            text = known;
        }
        return known;
    }

    /** Whether {@link #bytes}, {@link #offset}, {@link #length} are the text's UTF-8 encoding, byte for byte. */
    boolean ascii() {
        return ascii;
    }

    byte[] bytes() {
        return bytes;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonText that && text().equals(that.text());
    }

    @Override
    public int hashCode() {
        return text().hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
