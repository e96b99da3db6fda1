package org.issueledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.issueledger.command.CommandServiceTestSupport;
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
 * problem+json, never a 5xx, and the stored log — every table's row count, the event store's highest
 * global index — must be exactly as before. The seed is fixed so a failure can be replayed; a different
 * seed can be tried with -Dhostile.seed=….
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileInputTest {

    private static final long SEED = Long.getLong("hostile.seed", 20261122L);
    private static final int REQUESTS_PER_ENDPOINT = Integer.getInteger("hostile.requests", 30);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "security_hostile");
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
        Map<String, Long> before = stored();
        HostileSweep.Result sweep = HostileSweep.run(new HostileInput(SEED, "domain_event_entry"), mappings.getHandlerMethods(),
                REQUESTS_PER_ENDPOINT, List.of("X-Correlation-Id"), "http://localhost:" + port, CommandServiceTestSupport.API_KEY);
        List<String> endpoints = sweep.endpoints();
        assertThat(endpoints).as("every controller's endpoints are found").hasSizeGreaterThan(30)
                .anyMatch(e -> e.contains("/api/issues/{id}/assign"))
                .anyMatch(e -> e.contains("/api/admin/imports"))
                .anyMatch(e -> e.contains("/api/admin/webhooks/{id}/deliveries"))
                .anyMatch(e -> e.contains("/api/audit/issues/{id}/verify"));
        assertThat(sweep.failures()).as(sweep.failures().size() + " of " + sweep.sent() + " hostile requests answered wrongly")
                .isEmpty();
        assertThat(stored()).as("the stored log and every table, unchanged").isEqualTo(before);
    }

    /** Row count of every table of the service, and the event store's highest global index. */
    private Map<String, Long> stored() throws SQLException {
        Map<String, Long> counts = StoredRows.countPerTable(jdbc.getDataSource());
        counts.put("domain_event_entry.max(global_index)",
                jdbc.queryForObject("select coalesce(max(global_index), -1) from domain_event_entry", Long.class));
        return counts;
    }
}
