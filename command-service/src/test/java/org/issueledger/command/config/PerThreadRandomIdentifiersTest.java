package org.issueledger.command.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.axonframework.common.IdentifierFactory;
import org.junit.jupiter.api.Test;

class PerThreadRandomIdentifiersTest {

    @Test
    void axonFindsThePerThreadFactory() {
        assertThat(IdentifierFactory.getInstance()).isInstanceOf(PerThreadRandomIdentifiers.class);
    }

    @Test
    void identifiersAreDistinctRandomVersionFourUuids() {
        IdentifierFactory factory = new PerThreadRandomIdentifiers();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = factory.generateIdentifier();
            UUID uuid = UUID.fromString(id);
            assertThat(uuid.version()).isEqualTo(4);
            assertThat(uuid.variant()).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(seen.add(id)).isTrue();
        }
    }
}
