package org.issueledger.websecurity;

/**
 * What text the service refuses wherever it comes in: control characters (NUL above all; PostgreSQL's text
 * cannot even hold it, so one accepted NUL would poison every read model downstream) and UTF-16 surrogates
 * without their partner (not a character at all; they cannot be written as UTF-8). Tab, line feed and
 * carriage return are text. Right-to-left marks, emoji and every other real character are welcome.
 */
final class Text {

    private Text() {
    }

    /** The index of the first refused char, or -1 when the text is clean. */
    static int firstRefused(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    static String describe(CharSequence text, int index) {
        return String.format("U+%04X at position %d", (int) text.charAt(index), index);
    }
}
