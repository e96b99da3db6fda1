package org.issueledger.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.issueledger.local.TestInfra;
import org.issueledger.query.QueryServiceTestSupport;
import org.issueledger.websecurity.HostileInput;
import org.issueledger.websecurity.HostileSweep;
import org.issueledger.websecurity.StoredRows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile input at every endpoint Spring MVC maps (read from the handler mapping, so a new endpoint is in
 * without anyone adding it): each request carries a defect no valid request has (see {@link HostileInput}),
 * sent with the all-roles key so that security is not what refuses it. Every answer must be a 4xx
 * problem+json, never a 5xx (reads given noise alone may answer 2xx, never 5xx), and every read-model
 * table's row count must be exactly as before. The seed is fixed so a failure can be replayed; a different
 * seed can be tried with -Dhostile.seed=….
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputTest {

    private static final long SEED = Long.getLong("hostile.seed", 20261122L);
    private static final int REQUESTS_PER_ENDPOINT = Integer.getInteger("hostile.requests", 30);

    private static final String DATABASE_URL = TestInfra.get().freshDatabase("query_hostile");

    /** A database and topic of its own: the read models must stay exactly as they were, with no other test feeding them. */
    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        TestInfra infra = TestInfra.get();
        registry.add("spring.datasource.url", () -> DATABASE_URL);
        registry.add("spring.datasource.username", infra::user);
        registry.add("spring.datasource.password", infra::password);
        registry.add("issueledger.kafka.bootstrap-servers", infra::bootstrapServers);
        registry.add("issueledger.kafka.topic", () -> "issue-events-hostile-" + java.util.UUID.randomUUID());
        registry.add("issueledger.kafka.consumer-group", () -> "issueledger-hostile-test");
        registry.add("issueledger.kafka.poll-timeout", () -> "100ms");
        registry.add("issueledger.security.api-keys", () -> QueryServiceTestSupport.API_KEYS);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointAnswersHostileInputWithA4xxProblemAndStoresNothing() throws Exception {
        Map<String, Long> before = StoredRows.countPerTable(jdbc.getDataSource());
        HostileSweep.Result sweep = HostileSweep.run(new HostileInput(SEED, "audit_entry"), mappings.getHandlerMethods(),
                REQUESTS_PER_ENDPOINT, List.of(), "http://localhost:" + port, QueryServiceTestSupport.API_KEY);
        List<String> endpoints = sweep.endpoints();
        assertThat(endpoints).as("every controller's endpoints are found").hasSizeGreaterThan(18)
                .anyMatch(e -> e.contains("/api/issues/{id}"))
                .anyMatch(e -> e.contains("/api/audit/export"))
                .anyMatch(e -> e.contains("/api/sla/what-if"))
                .anyMatch(e -> e.contains("/api/rankings/{dimension}"))
                .anyMatch(e -> e.contains("/api/admin/rebuilds"));
        assertThat(sweep.failures()).as(sweep.failures().size() + " of " + sweep.sent() + " hostile requests answered wrongly")
                .isEmpty();
        assertThat(StoredRows.countPerTable(jdbc.getDataSource())).as("every read model and table, unchanged")
                .isEqualTo(before);
    }
}
