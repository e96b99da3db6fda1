package org.issueledger.websecurity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The configured API keys ({@code key:ROLE[:name]}, comma-separated; one key listed with several roles has
 * them all). Only SHA-256 digests of the keys are kept, and a presented key is compared with every one of
 * them in constant time, so neither a heap dump nor response timing gives a key away.
 */
final class ApiKeys {

    enum Role { INTEGRATOR, ANALYST, AUDITOR, ADMIN }

    /** Who a key stands for: the name recorded as actor (never the key itself) and what it may do. */
    record Principal(String name, Set<Role> roles) {
    }

    /** Names end up in the permanent log as the actor: the same alphabet the log accepts for actors. */
    static final Pattern NAME = Pattern.compile("[\\p{Alnum}._@+=\\-]{1,100}");

    private record Entry(byte[] digest, Principal principal) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = entries;
    }

    static ApiKeys parse(String configured) {
        Map<String, String> names = new LinkedHashMap<>();
        Map<String, Set<Role>> roles = new LinkedHashMap<>();
        if (configured != null) {
            for (String raw : configured.split(",")) {
                String item = raw.strip();
                if (item.isEmpty()) {
                    continue;
                }
                String[] parts = item.split(":", -1);
                if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
                    throw new IllegalArgumentException("An API key entry must be key:ROLE or key:ROLE:name, not "
                            + describe(parts));
                }
                String key = parts[0].strip();
                if (key.length() < 6) {
                    throw new IllegalArgumentException("An API key must have at least 6 characters (" + describe(parts) + ")");
                }
                Role role;
                try {
                    role = Role.valueOf(parts[1].strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("Unknown role '" + parts[1].strip() + "' for API key "
                            + fingerprint(key) + " (roles: " + List.of(Role.values()) + ")");
                }
                roles.computeIfAbsent(key, k -> EnumSet.noneOf(Role.class)).add(role);
                if (parts.length == 3) {
                    String name = parts[2].strip();
                    if (!NAME.matcher(name).matches()) {
                        throw new IllegalArgumentException("The name of API key " + fingerprint(key)
                                + " must be 1–100 letters, digits or ._@+=-");
                    }
                    String earlier = names.putIfAbsent(key, name);
                    if (earlier != null && !earlier.equals(name)) {
                        throw new IllegalArgumentException("API key " + fingerprint(key) + " is named both '"
                                + earlier + "' and '" + name + "'");
                    }
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        roles.forEach((key, granted) -> entries.add(new Entry(sha256(key),
                new Principal(names.getOrDefault(key, fingerprint(key)), Set.copyOf(granted)))));
        return new ApiKeys(List.copyOf(entries));
    }

    boolean isEmpty() {
        return entries.isEmpty();
    }

    int size() {
        return entries.size();
    }

    /** The principal of a presented key; every configured key is compared, matching or not (constant time). */
    Optional<Principal> resolve(String presented) {
        if (presented == null || presented.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = sha256(presented);
        Principal found = null;
        for (Entry entry : entries) {
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = entry.principal();
            }
        }
        return Optional.ofNullable(found);
    }

    /** The default principal name: {@code key-} and the first 8 hex digits of the key's SHA-256 — never the key. */
    static String fingerprint(String key) {
        return "key-" + HexFormat.of().formatHex(sha256(key)).substring(0, 8);
    }

    private static String describe(String[] parts) {
        // The key itself must not appear in a startup error that ends up in a log.
        return parts.length == 0 || parts[0].isBlank() ? "an entry without key"
                : "the entry of " + fingerprint(parts[0].strip());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
