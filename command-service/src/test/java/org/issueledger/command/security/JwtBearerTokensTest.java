package org.issueledger.command.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.issueledger.command.CommandServiceTestSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * JWT bearer tokens beside API keys, over real HTTP, with the issuer's RSA public key configured as a PEM file: a
 * valid token's subject is the actor and its roles claim grants what the role allows; a token that is expired,
 * signed by another key, meant for another audience, or names its caller in characters the log refuses is 401; a
 * token without the endpoint's role is 403 — each as problem+json, and nothing refused appends anything.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtBearerTokensTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String AUDIENCE = "issueledger";
    private static final KeyPair ISSUER = rsaKeyPair();
    private static final KeyPair STRANGER = rsaKeyPair();
    private static final String CREATE = """
            {"title":"VPN drops every hour","category":"network","priority":"P3","reporter":"rita","team":"ops"}""";

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        CommandServiceTestSupport.register(registry, "security_jwt");
        registry.add("issueledger.security.jwt.public-key", JwtBearerTokensTest::publicKeyFile);
        registry.add("issueledger.security.jwt.audience", () -> AUDIENCE);
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void validTokenActsAsItsSubjectWithTheRolesItCarries() throws Exception {
        HttpResponse<String> created = send("POST", "/api/issues", CREATE,
                token(ISSUER, "ada.lovelace", List.of("INTEGRATOR"), AUDIENCE, Instant.now().plusSeconds(300)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String issue = JSON.readTree(created.body()).path("issueId").asString();

        // An identity provider's own roles grant nothing; the roles may also come as one space-separated string.
        HttpResponse<String> events = send("GET", "/api/issues/" + issue + "/events", null,
                token(ISSUER, "audrey", "AUDITOR offline_access", AUDIENCE, Instant.now().plusSeconds(300)));
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        JsonNode first = JSON.readTree(events.body()).path("events").get(0);
        assertThat(first.path("actor").asString()).isEqualTo("ada.lovelace");
    }

    @Test
    void refusedTokensAreProblemsAndAppendNothing() throws Exception {
        long before = events();
        Instant later = Instant.now().plusSeconds(300);
        Map<String, String> unauthorized = Map.of(
                "expired", token(ISSUER, "ada", List.of("INTEGRATOR"), AUDIENCE, Instant.now().minusSeconds(600)),
                "signed by another key", token(STRANGER, "ada", List.of("INTEGRATOR"), AUDIENCE, later),
                "for another audience", token(ISSUER, "ada", List.of("INTEGRATOR"), "someone-else", later),
                "a subject the log refuses", token(ISSUER, "ada\u0000'; DROP TABLE x", List.of("INTEGRATOR"), AUDIENCE, later),
                "not a JWT at all", "not.a.jwt");
        unauthorized.forEach((why, token) -> {
            HttpResponse<String> answer = send("POST", "/api/issues", CREATE, token);
            assertThat(answer.statusCode()).as("%s: %s", why, answer.body()).isEqualTo(401);
            assertProblem(answer, "The bearer token was refused");
        });

        HttpResponse<String> analyst = send("POST", "/api/issues", CREATE,
                token(ISSUER, "anna", List.of("ANALYST"), AUDIENCE, later));
        assertThat(analyst.statusCode()).as(analyst.body()).isEqualTo(403);
        assertProblem(analyst, "roles do not allow POST /api/issues");

        assertThat(events()).as("nothing appended by refused tokens").isEqualTo(before);
    }

    @Test
    void apiKeysStillWorkBesideTokens() {
        HttpResponse<String> created = send("POST", "/api/issues", CREATE, null);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static void assertProblem(HttpResponse<String> answer, String detail) {
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(answer.body()).path("detail").asString()).contains(detail);
    }

    /** @param bearer a token; null sends the all-roles API key instead */
    private HttpResponse<String> send(String method, String path, String body, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (bearer == null) {
            request.header("X-API-Key", CommandServiceTestSupport.API_KEY);
        } else {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private long events() {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry", Long.class);
    }

    private static String token(KeyPair signer, String subject, Object roles, String audience, Instant expires) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .audience(audience)
                    .issueTime(Date.from(expires.minusSeconds(900)))
                    .expirationTime(Date.from(expires))
                    .claim("roles", roles)
                    .build();
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
            jwt.sign(new RSASSASigner((PrivateKey) signer.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicKeyFile() {
        try {
            Path pem = Files.createTempFile("issuer-", ".pem");
            pem.toFile().deleteOnExit();
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ISSUER.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n");
            return pem.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
