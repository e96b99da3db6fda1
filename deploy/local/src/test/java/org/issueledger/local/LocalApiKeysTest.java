package org.issueledger.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiKeysTest {

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartMakesOneRandomKeyPerRoleReadableByItsOwnerOnlyAndLaterStartsKeepThem() throws Exception {
        Map<String, String> first = LocalApiKeys.ensure(dataDir);

        assertThat(first).containsOnlyKeys("INTEGRATOR", "ANALYST", "AUDITOR", "ADMIN");
        assertThat(new HashSet<>(first.values())).as("four different keys").hasSize(4);
        assertThat(first.values()).allSatisfy(key -> assertThat(key).matches("[a-z]+-[0-9a-f]{48}"));
        Path file = dataDir.resolve("api-keys");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // run.sh and import.sh read ROLE=key lines.
        assertThat(Files.readAllLines(file)).contains("ANALYST=" + first.get("ANALYST"));

        assertThat(LocalApiKeys.ensure(dataDir)).as("the same keys after a restart").isEqualTo(first);
        assertThat(LocalApiKeys.ensure(Files.createDirectory(dataDir.resolve("other"))))
                .as("another data folder, other keys").doesNotContainValue(first.get("ADMIN"));
    }

    @Test
    void aDamagedKeyFileIsReportedNotSilentlyReplaced() throws Exception {
        Files.writeString(dataDir.resolve("api-keys"), "ADMIN=admin-1234\n");
        assertThatThrownBy(() -> LocalApiKeys.ensure(dataDir)).hasMessageContaining("lacks a key");
        assertThat(Files.readString(dataDir.resolve("api-keys"))).isEqualTo("ADMIN=admin-1234\n");
    }
}
