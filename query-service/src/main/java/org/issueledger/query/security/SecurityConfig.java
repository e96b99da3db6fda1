package org.issueledger.query.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;

/**
 * Who may read what on the query side. The table in the README ("Security") is this, in words; every
 * mapping not named here is refused (default deny), so a new endpoint is closed until someone decides.
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
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    private static final String ANALYST = "ANALYST";
    private static final String AUDITOR = "AUDITOR";
    private static final String ADMIN = "ADMIN";

    @Bean
    SecurityFilterChain api(HttpSecurity http,
                            @Value("${issueledger.security.api-keys:}") String apiKeys,
                            @Value("${issueledger.security.max-body-size:1MB}") DataSize maxBody) throws Exception {
        ApiKeys keys = ApiKeys.parse(apiKeys);
        if (keys.isEmpty()) {
            log.warn("No API keys configured (ISSUELEDGER_API_KEYS): every API request will be refused with 401");
        } else {
            log.info("{} API key(s) configured", keys.size());
        }
        http
                .csrf(AbstractHttpConfigurer::disable)   // no cookies, no sessions: a key in a header is not sent by a browser on its own
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new ApiKeyFilter(keys), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new BodyLimitFilter(maxBody.toBytes()), AuthorizationFilter.class)
                .addFilterAfter(new HostileTextFilter(), BodyLimitFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> Problems.write(request, response,
                                HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized",
                                "Send an API key in the " + ApiKeyFilter.HEADER + " header"))
                        .accessDeniedHandler((request, response, ex) -> Problems.write(request, response,
                                HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                                "This API key's roles do not allow " + request.getMethod() + " "
                                        + request.getRequestURI())))
                .authorizeHttpRequests(a -> a
                        // An error or async dispatch (the streamed export) continues a request already authorized.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        // Probes of Kubernetes and load balancers carry no key; the API description is public;
                        // the dashboard's page loads without a key and asks for one before it calls the API.
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.js", "/dashboard.css",
                                "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/**").hasAnyRole(ADMIN, ANALYST)
                        .requestMatchers(HttpMethod.GET, "/api/audit", "/api/audit/**").hasAnyRole(AUDITOR, ADMIN)
                        .requestMatchers("/api/admin/**").hasRole(ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/**").hasAnyRole(ANALYST, AUDITOR, ADMIN)
                        .anyRequest().denyAll());
        return http.build();
    }

    /** The firewall's refusals (encoded slashes, null bytes, odd methods …) are the client's fault: 400, not 500. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, ex) -> Problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                "Bad Request", "The request was refused: " + ex.getMessage());
    }

    /** Keeps Spring Boot from creating its default user with a generated password: API keys are the only way in. */
    @Bean
    UserDetailsService noUsers() {
        return username -> {
            throw new UsernameNotFoundException("No users: authenticate with an API key");
        };
    }
}
