package org.issueledger.websecurity;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;

/**
 * Everything about a service's HTTP edge except who may call which endpoint: API keys and JWT bearer tokens, stateless requests,
 * the body limit, hostile text refused, 400/401/403 as problem+json, the public probes and API description,
 * and default deny. A service imports this configuration and builds its filter chain with
 * {@link #filterChain}, giving only its own endpoint → role rules, so both services refuse the same way.
 */
@Configuration(proxyBeanMethods = false)
@Import({ContainerProblems.class, HostileTextInBodies.class})
public class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);

    /** A service's endpoint → role rules; they are matched after the shared public paths, before default deny. */
    public interface Rules
            extends Customizer<AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry> {
    }

    /**
     * The service's filter chain.
     *
     * @param apiKeys {@code key:ROLE[:name]}, comma-separated (see {@link ApiKeys})
     * @param jwt     where bearer tokens' keys come from, or {@link JwtSettings#none()}; with neither keys nor JWT
     *                every call is refused with 401
     * @param maxBody the cap on a request body other than a multipart upload
     * @param rules   the service's own endpoint → role rules; whatever they do not name is refused
     */
    public static SecurityFilterChain filterChain(HttpSecurity http, String apiKeys, JwtSettings jwt, DataSize maxBody,
                                                  Rules rules) throws Exception {
        ApiKeys keys = ApiKeys.parse(apiKeys);
        if (keys.isEmpty() && !jwt.enabled()) {
            log.warn("No API keys (ISSUELEDGER_API_KEYS) and no JWT issuer (ISSUELEDGER_JWT_*) configured: every API "
                    + "request will be refused with 401");
        } else {
            log.info("{} API key(s) configured; JWT bearer tokens {}", keys.size(), jwt.enabled() ? "accepted" : "off");
        }
        AuthenticationEntryPoint unauthorized = (request, response, ex) -> Problems.write(request, response,
                HttpServletResponse.SC_UNAUTHORIZED, "Unauthorized", ex instanceof OAuth2AuthenticationException
                        ? "The bearer token was refused: " + ex.getMessage()
                        : "Send an API key in the " + ApiKeyFilter.HEADER + " header"
                                + (jwt.enabled() ? " or a JWT in the Authorization header (Bearer)" : ""));
        if (jwt.enabled()) {
            JwtBearer bearer = new JwtBearer(jwt);
            http.oauth2ResourceServer(o -> o
                    .jwt(j -> j.decoder(bearer.decoder()).jwtAuthenticationConverter(bearer.authentication()))
                    .authenticationEntryPoint(unauthorized));
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
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler((request, response, ex) -> Problems.write(request, response,
                                HttpServletResponse.SC_FORBIDDEN, "Forbidden",
                                "The caller's roles do not allow " + request.getMethod() + " "
                                        + request.getRequestURI())))
                .authorizeHttpRequests(a -> {
                    a
                            // An error or async dispatch (e.g. a streamed export) continues a request already authorized.
                            .dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.ASYNC).permitAll()
                            // Probes of Kubernetes and load balancers carry no key; the API description is public.
                            .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                            .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                    "/swagger-ui.html", "/swagger-ui/**").permitAll();
                    rules.customize(a);
                    // Default deny: a new endpoint is closed until someone decides who may call it.
                    a.anyRequest().denyAll();
                });
        return http.build();
    }

    /** The firewall's refusals (encoded slashes, null bytes, odd methods …) are the client's fault: 400, not 500. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, ex) -> Problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST,
                "Bad Request", "The request was refused: " + ex.getMessage());
    }

    /** Keeps Spring Boot from creating its default user with a generated password: keys and tokens are the only ways in. */
    @Bean
    UserDetailsService noUsers() {
        return username -> {
            throw new UsernameNotFoundException("No users: authenticate with an API key");
        };
    }
}
