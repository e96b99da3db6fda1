package org.issueledger.command.security;

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
 * Who may call what on the command side. The table in the README ("Security") is this, in words; every
 * mapping not named here is refused (default deny), so a new endpoint is closed until someone decides.
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
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    private static final String INTEGRATOR = "INTEGRATOR";
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
                        // An error or async dispatch continues a request that was already authorized.
                        .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                        // Probes of Kubernetes and load balancers carry no key; the API description is public.
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/**").hasAnyRole(ADMIN, ANALYST)
                        // History as recorded: the auditor's.
                        .requestMatchers(HttpMethod.GET, "/api/issues/*/state", "/api/issues/*/events")
                                .hasAnyRole(AUDITOR, ADMIN)
                        .requestMatchers(HttpMethod.GET, "/api/audit/**").hasAnyRole(AUDITOR, ADMIN)
                        // Commands.
                        .requestMatchers(HttpMethod.POST, "/api/issues", "/api/issues/**").hasRole(INTEGRATOR)
                        .requestMatchers(HttpMethod.DELETE, "/api/issues/**").hasRole(INTEGRATOR)
                        // Imports go through the command path; their progress is the integrator's and the admin's.
                        .requestMatchers(HttpMethod.POST, "/api/admin/imports").hasRole(INTEGRATOR)
                        .requestMatchers(HttpMethod.GET, "/api/admin/imports/**").hasAnyRole(INTEGRATOR, ADMIN)
                        // The policies every SLA figure refers to may be read by whoever reads those figures.
                        .requestMatchers(HttpMethod.GET, "/api/admin/sla/policies", "/api/admin/sla/policies/**")
                                .hasAnyRole(ADMIN, ANALYST, AUDITOR)
                        .requestMatchers("/api/admin/**").hasRole(ADMIN)
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
