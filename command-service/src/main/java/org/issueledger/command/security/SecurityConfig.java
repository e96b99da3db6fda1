package org.issueledger.command.security;

import org.issueledger.websecurity.ApiSecurity;
import org.issueledger.websecurity.JwtSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.unit.DataSize;

/**
 * Who may call what on the command side. The table in the README ("Security") is this, in words; every
 * mapping not named here is refused (default deny), so a new endpoint is closed until someone decides.
 * How a key is checked and a refusal answered is the same on both sides: {@link ApiSecurity}.
 *
 * <ul>
 *   <li>INTEGRATOR sends commands and imports history.</li>
 *   <li>AUDITOR reads the raw log, an issue's past state and the hash-chain verification.</li>
 *   <li>ADMIN changes SLA policies, webhooks, re-publishes; it may read everything, but sends no commands:
 *       a command's actor should be the system or person it comes from.</li>
 *   <li>ANALYST (the query side's role) may read the SLA policies its reports refer to.</li>
 * </ul>
 */
@Configuration
@Import(ApiSecurity.class)
class SecurityConfig {

    private static final String INTEGRATOR = "INTEGRATOR";
    private static final String ANALYST = "ANALYST";
    private static final String AUDITOR = "AUDITOR";
    private static final String ADMIN = "ADMIN";

    @Bean
    SecurityFilterChain api(HttpSecurity http,
                    @Value("${issueledger.security.api-keys:}") String apiKeys,
                    @Value("${issueledger.security.max-body-size:1MB}") DataSize maxBody,
                    Environment environment) throws Exception {
        // Keys, limits, hostile text, problem+json refusals, public probes and default deny: ApiSecurity.
        return ApiSecurity.filterChain(http, apiKeys, JwtSettings.from(environment), maxBody, a -> a
                .requestMatchers(HttpMethod.GET, "/actuator/**").hasAnyRole(ADMIN, ANALYST)
                // History as recorded: the auditor's.
                .requestMatchers(HttpMethod.GET, "/api/issues/*/state", "/api/issues/*/events")
                        .hasAnyRole(AUDITOR, ADMIN)
                .requestMatchers(HttpMethod.GET, "/api/audit/**").hasAnyRole(AUDITOR, ADMIN)
                // Commands.
                .requestMatchers(HttpMethod.POST, "/api/issues", "/api/issues/**").hasRole(INTEGRATOR)
                .requestMatchers(HttpMethod.DELETE, "/api/issues/**").hasRole(INTEGRATOR)
                // Imports go through the command path; their progress is the integrator's and the admin's, and so is
                // stopping one (a runaway import is an operator's matter too).
                .requestMatchers(HttpMethod.POST, "/api/admin/imports").hasRole(INTEGRATOR)
                .requestMatchers(HttpMethod.GET, "/api/admin/imports", "/api/admin/imports/**")
                        .hasAnyRole(INTEGRATOR, ADMIN)
                .requestMatchers(HttpMethod.DELETE, "/api/admin/imports/*").hasAnyRole(INTEGRATOR, ADMIN)
                // The policies every SLA figure refers to may be read by whoever reads those figures.
                .requestMatchers(HttpMethod.GET, "/api/admin/sla/policies", "/api/admin/sla/policies/**")
                        .hasAnyRole(ADMIN, ANALYST, AUDITOR)
                .requestMatchers("/api/admin/**").hasRole(ADMIN));
    }

    /**
     * Security's observations follow {@code management.observations.enable.spring.security} (off in application.yml),
     * and when they are off, Security does not wrap its filters at all. The property alone only turns each
     * observation into a no-op: Security still wrapped each of its filters in an observing decorator that, per
     * request and filter, created an observation context and asked the registry's predicates (bench/README.md,
     * branch `ingress9`). This setting tells Security itself, so the chain runs undecorated.
     */
    @Bean
    SecurityObservationSettings securityObservations(
            @Value("${management.observations.enable.spring.security:true}") boolean observed) {
        return observed ? SecurityObservationSettings.withDefaults().build() : SecurityObservationSettings.noObservations();
    }
}
