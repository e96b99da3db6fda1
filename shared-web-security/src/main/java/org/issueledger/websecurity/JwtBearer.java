package org.issueledger.websecurity;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * JWT bearer tokens as a second way in beside API keys: the signature, expiry (and issuer and audience when
 * configured) are checked by Spring Security's Nimbus decoder; the caller's name and roles come from claims and
 * obey the same rules as an API key's — a name in the alphabet the log accepts for actors, and only the four roles.
 */
final class JwtBearer {

    private final JwtSettings settings;

    JwtBearer(JwtSettings settings) {
        this.settings = settings;
    }

    JwtDecoder decoder() {
        NimbusJwtDecoder decoder;
        if (settings.publicKey() != null) {
            decoder = NimbusJwtDecoder.withPublicKey(publicKey(Path.of(settings.publicKey()))).build();
        } else if (settings.jwkSetUri() != null) {
            decoder = NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        } else {
            // Lazy: the issuer's discovery document is fetched with the first token, so a start-up does not depend on it.
            decoder = NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(settings.issuerUri() != null ? JwtValidators.createDefaultWithIssuer(settings.issuerUri())
                : JwtValidators.createDefault());
        if (settings.audience() != null) {
            validators.add(new JwtClaimValidator<Collection<String>>("aud",
                    audiences -> audiences != null && audiences.contains(settings.audience())));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    Converter<Jwt, AbstractAuthenticationToken> authentication() {
        return jwt -> {
            String name = jwt.getClaimAsString(settings.nameClaim());
            if (name == null || !ApiKeys.NAME.matcher(name).matches()) {
                throw new InvalidBearerTokenException("The token's '" + settings.nameClaim()
                        + "' claim must name the caller in 1–100 letters, digits or ._@+=-");
            }
            List<SimpleGrantedAuthority> authorities = roles(claim(jwt.getClaims(), settings.rolesClaim())).stream()
                    .map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
                    .toList();
            return new JwtAuthenticationToken(jwt, authorities, name);
        };
    }

    /** Follows a dotted path into nested objects, as identity providers put roles in e.g. {@code realm_access.roles}. */
    private static Object claim(Map<String, Object> claims, String path) {
        Object value = claims;
        for (String part : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> object)) {
                return null;
            }
            value = object.get(part);
        }
        return value;
    }

    /** Roles this service knows; any other value (an identity provider's own roles) grants nothing. */
    private static Set<ApiKeys.Role> roles(Object claim) {
        List<String> values = new ArrayList<>();
        if (claim instanceof Collection<?> list) {
            list.forEach(item -> values.add(String.valueOf(item)));
        } else if (claim instanceof String text) {
            values.addAll(List.of(text.split("[\\s,]+")));
        }
        Set<ApiKeys.Role> roles = EnumSet.noneOf(ApiKeys.Role.class);
        for (String value : values) {
            for (ApiKeys.Role role : ApiKeys.Role.values()) {
                if (role.name().equals(value.strip().toUpperCase(Locale.ROOT))) {
                    roles.add(role);
                }
            }
        }
        return roles;
    }

    private static RSAPublicKey publicKey(Path pem) {
        try (InputStream in = Files.newInputStream(pem)) {
            return RsaKeyConverters.x509().convert(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the JWT public key " + pem, e);
        }
    }
}
