package org.issueledger.query.security;

import org.issueledger.websecurity.ApiSecurity;
import org.issueledger.websecurity.JwtSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.util.unit.DataSize;

/**
 * Who may read what on the query side. The table in the README ("Security") is this, in words; every
 * mapping not named here is refused (default deny), so a new endpoint is closed until someone decides.
 * How a key is checked and a refusal answered is the same on both sides: {@link ApiSecurity}.
 *
 * <ul>
 *   <li>ANALYST reads the read models (issues, SLA, rankings, KPIs, trends, heat map): the dashboard's key.</li>
 *   <li>AUDITOR reads the audit trail and its export, and the read models too (the as-of figures are an
 *       auditor's question).</li>
 *   <li>ADMIN rebuilds read models and handles everything else under {@code /api/admin}; it may read everything.</li>
 *   <li>INTEGRATOR (the command side's role) has nothing to do here.</li>
 * </ul>
 */
@Configuration
@Import(ApiSecurity.class)
class SecurityConfig {

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
                // The dashboard's page loads without a key and asks for one before it calls the API.
                .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.js", "/dashboard.css",
                        "/favicon.ico").permitAll()
                .requestMatchers(HttpMethod.GET, "/actuator/**").hasAnyRole(ADMIN, ANALYST)
                .requestMatchers(HttpMethod.GET, "/api/audit", "/api/audit/**").hasAnyRole(AUDITOR, ADMIN)
                .requestMatchers("/api/admin/**").hasRole(ADMIN)
                .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(ANALYST, AUDITOR, ADMIN));
    }
}
