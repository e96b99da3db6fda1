package org.issueledger.query.rankings;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What makes two issues "the same problem again": the title with everything that differs between
 * occurrences (numbers, ids, hashes, addresses) replaced by placeholders, plus category and component.
 * "Disk full on db-7" and "Disk  full on DB-12" are one recurring issue; a different component is not.
 */
final class Fingerprint {

    private static final int MAX_TITLE = 200;
    private static final Pattern UUID = Pattern.compile(
            "\\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\b");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}(?::\\d{1,5})?\\b");
    private static final Pattern IPV6_CANDIDATE = Pattern.compile("(?<![\\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\\w:])");
    private static final Pattern HEX = Pattern.compile(
            "\\b0x[0-9a-f]+\\b|\\b(?=[0-9a-f]*\\d)(?=[0-9a-f]*[a-f])[0-9a-f]{6,}\\b");
    private static final Pattern NUMBER = Pattern.compile("\\d+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Fingerprint() {
    }

    static String of(String title, String category, String component) {
        String key = normalisedTitle(title) + " | " + normalisedName(category);
        String normalisedComponent = normalisedName(component);
        return normalisedComponent.isEmpty() ? key : key + " | " + normalisedComponent;
    }

    /** Lower case; uuids, IP addresses, hex ids and numbers as placeholders; whitespace collapsed. */
    static String normalisedTitle(String title) {
        if (title == null) {
            return "";
        }
        String text = title.toLowerCase(Locale.ROOT);
        text = UUID.matcher(text).replaceAll("<uuid>");
        text = IPV4.matcher(text).replaceAll("<ip>");
        text = ipv6(text);
        text = HEX.matcher(text).replaceAll("<hex>");
        text = NUMBER.matcher(text).replaceAll("#");
        text = WHITESPACE.matcher(text).replaceAll(" ").strip();
        return text.length() > MAX_TITLE ? text.substring(0, MAX_TITLE) : text;
    }

    /** Only what cannot be a clock time ("02:00:15"): a "::" or a hex letter among the groups. */
    private static String ipv6(String text) {
        Matcher matcher = IPV6_CANDIDATE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String candidate = matcher.group();
            boolean address = candidate.contains("::") || candidate.chars().anyMatch(c -> c >= 'a' && c <= 'f');
            matcher.appendReplacement(out, address ? "<ip>" : Matcher.quoteReplacement(candidate));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String normalisedName(String name) {
        return name == null ? "" : WHITESPACE.matcher(name.toLowerCase(Locale.ROOT)).replaceAll(" ").strip();
    }
}
