package org.issueledger.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local run's API keys when {@code ISSUELEDGER_API_KEYS} is not set: one random key per role, made on
 * the first start and kept in {@code <data dir>/api-keys} (readable by its owner only), so they stay the
 * same across restarts. run.sh passes them to both services and prints them; import.sh reads the
 * INTEGRATOR key from the same file.
 */
final class LocalApiKeys {

    static final String FILE = "api-keys";
    static final List<String> ROLES = List.of("INTEGRATOR", "ANALYST", "AUDITOR", "ADMIN");

    private LocalApiKeys() {
    }

    /** The keys by role, made and stored if the file does not exist yet. */
    static Map<String, String> ensure(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                SecureRandom random = new SecureRandom();
                StringBuilder text = new StringBuilder("# IssueLedger API keys of this local run: ROLE=key (X-API-Key header)\n");
                for (String role : ROLES) {
                    byte[] bytes = new byte[24];
                    random.nextBytes(bytes);
                    text.append(role).append('=').append(role.toLowerCase()).append('-')
                            .append(HexFormat.of().formatHex(bytes)).append('\n');
                }
                Path temporary = Files.createTempFile(dataDir, FILE, ".tmp");
                restrict(temporary);
                Files.writeString(temporary, text, StandardCharsets.UTF_8);
                Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            }
            restrict(file);
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make or read the API keys in " + file, e);
        }
    }

    private static Map<String, String> read(Path file) throws IOException {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int eq = line.indexOf('=');
            if (!line.startsWith("#") && eq > 0 && ROLES.contains(line.substring(0, eq).strip())) {
                keys.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        if (!keys.keySet().containsAll(ROLES)) {
            throw new IllegalStateException(file + " lacks a key for one of " + ROLES + ": fix it, or delete it to get new keys");
        }
        return keys;
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): the user's profile folder is private already.
        }
    }
}
