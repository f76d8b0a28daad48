package org.jobplatform.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.starter.app.GateTestApplication;
import org.jobplatform.starter.app.PhaseEvents;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Production mode: an OAuth2 JWT resource server whose role and tenant claims decide who the caller is. */
@UsesSharedInfrastructure
@SpringBootTest(classes = {GateTestApplication.class, JwtSecurityTest.Robots.class}, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=jwt-test", "maintenance.database.schema=gate_test",
                "maintenance.security.mode=jwt", "maintenance.gate.work-creating-routes=POST /api/work"})
class JwtSecurityTest {

    /** One machine, {@code robot-1:s3cret} of tenant acme, as robot-gateway's registry would answer. */
    @org.springframework.boot.test.context.TestConfiguration
    static class Robots {
        @org.springframework.context.annotation.Bean
        MachineCredentials robots() {
            return (name, secret) -> "robot-1".equals(name) && "s3cret".equals(secret)
                    ? reactor.core.publisher.Mono.just(
                            org.springframework.security.authentication.UsernamePasswordAuthenticationToken.authenticated(
                                    name, null, List.of(
                                            new org.springframework.security.core.authority.SimpleGrantedAuthority(
                                                    Caller.ROBOT_AUTHORITY),
                                            new org.springframework.security.core.authority.SimpleGrantedAuthority(
                                                    Caller.TENANT_AUTHORITY_PREFIX + "acme"))))
                    : reactor.core.publisher.Mono.empty();
        }
    }

    static final KeyPair KEYS = keys();
    static final KeyPair OTHER_KEYS = keys();

    @LocalServerPort
    int port;

    @Autowired
    PhaseView view;

    @DynamicPropertySource
    static void publicKey(DynamicPropertyRegistry registry) throws Exception {
        Path pem = Files.createTempFile("jwt-public", ".pem");
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(KEYS.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("spring.security.oauth2.resourceserver.jwt.public-key-location", () -> "file:" + pem);
    }

    private static KeyPair keys() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(KeyPair keys, String subject, List<String> roles, String tenant) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300))).claim("roles", roles);
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims.build());
        jwt.sign(new RSASSASigner((RSAPrivateKey) keys.getPrivate()));
        return jwt.serialize();
    }

    private WebTestClient bearer(String token) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBearerAuth(token)).build();
    }

    @Test
    void theTenantClaimScopesTheGate_andTheHostAdminRolePassesIt() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(view::isCaughtUp);
        WebTestClient acme = bearer(token(KEYS, "alice", List.of("user"), "acme"));
        WebTestClient globex = bearer(token(KEYS, "bob", List.of("user"), "globex"));
        WebTestClient admin = bearer(token(KEYS, "root", List.of("host-admin"), null));
        Scope scope = Scope.tenant("acme");
        long epoch = view.state(scope).map(s -> s.epoch()).orElse(0L) + 1;
        PhaseEvents.publish(PhaseEvents.change(scope, Phase.SUSPENDED, epoch));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> view.effectivePhase("acme") == Phase.SUSPENDED);
            acme.get().uri("/api/work").exchange().expectStatus().isEqualTo(503);
            globex.get().uri("/api/work").exchange().expectStatus().isOk();
            admin.post().uri("/api/work").exchange().expectStatus().isOk();
        } finally {
            PhaseEvents.publish(PhaseEvents.change(scope, Phase.NONE, epoch + 1));
            await().atMost(Duration.ofSeconds(20)).until(() -> view.effectivePhase("acme") == Phase.NONE);
        }
    }

    @Test
    void aMissingOrForeignToken_is401ProblemJsonWithABearerChallenge() throws Exception {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        anonymous.get().uri("/api/work").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("WWW-Authenticate", v -> assertThat(v).startsWith("Bearer"));
        bearer(token(OTHER_KEYS, "mallory", List.of("host-admin"), null)).get().uri("/api/work").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("admin", "admin")).build()
                .get().uri("/api/work").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void robotsKeepBasicCredentials_inJwtMode_butPeopleNeedAToken() {
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("robot-1", "s3cret")).build()
                .get().uri("/api/work").exchange().expectStatus().isOk();
        WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("robot-1", "wrong")).build()
                .get().uri("/api/work").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
