package org.issueledger.websecurity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.issueledger.websecurity.ApiKeys.Role;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void oneKeyListedWithSeveralRolesHasThemAllAndIsNamedByItsHashNeverItself() {
        ApiKeys keys = ApiKeys.parse("e2e-key:INTEGRATOR,e2e-key:ANALYST,e2e-key:AUDITOR,e2e-key:ADMIN");

        ApiKeys.Principal principal = keys.resolve("e2e-key").orElseThrow();
        assertThat(principal.roles()).isEqualTo(Set.of(Role.INTEGRATOR, Role.ANALYST, Role.AUDITOR, Role.ADMIN));
        // The first 8 hex digits of sha256("e2e-key"), as `printf %s e2e-key | sha256sum` prints them.
        assertThat(principal.name()).isEqualTo("key-a781b3e1");
        assertThat(keys.size()).isEqualTo(1);
    }

    @Test
    void aNamedKeyIsItsNameAndUnknownOrEmptyKeysResolveToNobody() {
        ApiKeys keys = ApiKeys.parse(" crm-4711-secret:integrator:crm , audit-9999:AUDITOR ");

        assertThat(keys.resolve("crm-4711-secret").orElseThrow().name()).isEqualTo("crm");
        assertThat(keys.resolve("crm-4711-secret").orElseThrow().roles()).containsExactly(Role.INTEGRATOR);
        assertThat(keys.resolve("audit-9999").orElseThrow().roles()).containsExactly(Role.AUDITOR);
        assertThat(keys.resolve("crm-4711-secreT")).isEmpty();
        assertThat(keys.resolve("crm-4711-secret ")).isEmpty();
        assertThat(keys.resolve("")).isEmpty();
        assertThat(keys.resolve(null)).isEmpty();
        assertThat(ApiKeys.parse("").isEmpty()).isTrue();
        assertThat(ApiKeys.parse(null).resolve("anything")).isEmpty();
    }

    @Test
    void aBadEntryStopsTheStartWithAMessageThatDoesNotContainTheKey() {
        assertThatThrownBy(() -> ApiKeys.parse("secret-key-1:ROOT")).hasMessageContaining("Unknown role 'ROOT'")
                .hasMessageNotContaining("secret-key-1");
        assertThatThrownBy(() -> ApiKeys.parse("secret-key-1")).hasMessageContaining("key:ROLE")
                .hasMessageNotContaining("secret-key-1");
        assertThatThrownBy(() -> ApiKeys.parse("short:ADMIN")).hasMessageContaining("at least 6");
        assertThatThrownBy(() -> ApiKeys.parse("secret-key-1:ADMIN:ann,secret-key-1:ANALYST:bob"))
                .hasMessageContaining("named both").hasMessageNotContaining("secret-key-1");
        assertThatThrownBy(() -> ApiKeys.parse("secret-key-1:ADMIN:a b<script>")).hasMessageContaining("name");
    }
}
