package org.issueledger.websecurity;

import org.springframework.core.env.Environment;

/**
 * Where JWT bearer tokens come from and how they name the caller and its roles; JWT is off unless one source of
 * keys is given. One of: the issuer (its OpenID discovery document names the key set, and tokens must name it as
 * {@code iss}), the key set's URL, or a PEM file with the issuer's RSA public key.
 *
 * @param issuerUri      {@code ISSUELEDGER_JWT_ISSUER_URI}
 * @param jwkSetUri      {@code ISSUELEDGER_JWT_JWK_SET_URI}
 * @param publicKey      {@code ISSUELEDGER_JWT_PUBLIC_KEY}: path of an X.509 PEM ("BEGIN PUBLIC KEY") RSA key
 * @param audience       {@code ISSUELEDGER_JWT_AUDIENCE}: when set, a token's {@code aud} must contain it
 * @param rolesClaim     {@code ISSUELEDGER_JWT_ROLES_CLAIM} (default {@code roles}): a list or a space/comma
 *                       separated string of INTEGRATOR, ANALYST, AUDITOR, ADMIN; dots walk into objects
 *                       (e.g. {@code realm_access.roles})
 * @param nameClaim      {@code ISSUELEDGER_JWT_NAME_CLAIM} (default {@code sub}): recorded as the actor
 */
public record JwtSettings(String issuerUri, String jwkSetUri, String publicKey, String audience, String rolesClaim,
                          String nameClaim) {

    private static final String PREFIX = "issueledger.security.jwt.";

    public JwtSettings {
        issuerUri = blankToNull(issuerUri);
        jwkSetUri = blankToNull(jwkSetUri);
        publicKey = blankToNull(publicKey);
        audience = blankToNull(audience);
        rolesClaim = rolesClaim == null || rolesClaim.isBlank() ? "roles" : rolesClaim.strip();
        nameClaim = nameClaim == null || nameClaim.isBlank() ? "sub" : nameClaim.strip();
    }

    public static JwtSettings none() {
        return new JwtSettings(null, null, null, null, null, null);
    }

    /** From {@code issueledger.security.jwt.*}, which each service maps to the variables above. */
    public static JwtSettings from(Environment environment) {
        return new JwtSettings(environment.getProperty(PREFIX + "issuer-uri"),
                environment.getProperty(PREFIX + "jwk-set-uri"),
                environment.getProperty(PREFIX + "public-key"),
                environment.getProperty(PREFIX + "audience"),
                environment.getProperty(PREFIX + "roles-claim"),
                environment.getProperty(PREFIX + "name-claim"));
    }

    boolean enabled() {
        return issuerUri != null || jwkSetUri != null || publicKey != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
