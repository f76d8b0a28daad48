package org.jobplatform.robot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.DrainStrategy;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.SharedKafka;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The robot registry and robot authentication on the real broker and database, and the cut-off in SUSPENDED. */
@UsesSharedInfrastructure
@SpringBootTest(classes = RobotGatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RobotGatewayTest {

    @LocalServerPort
    int port;

    @Autowired
    PhaseView view;

    WebTestClient acme;

    @BeforeEach
    void clients() {
        acme = client("acme", "acme");
    }

    private WebTestClient client(String user, String password) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> register(String name) {
        return acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"" + name + "\"}").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aTenantRegistersARobot_seesItsSecretOnce_andOnlyItsOwnRobotsAreListed() {
        String name = unique("bot");
        Map<String, Object> robot = register(name);
        assertThat(robot).containsEntry("tenantId", "acme").containsEntry("name", name);
        assertThat((String) robot.get("secret")).hasSizeGreaterThanOrEqualTo(40);
        acme.get().uri("/api/robots").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == '" + name + "')].robotId").isEqualTo(robot.get("robotId"))
                .jsonPath("$[?(@.name == '" + name + "')].secret").doesNotExist();
        client("globex", "globex").get().uri("/api/robots").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == '" + name + "')]").doesNotExist();
    }

    @Test
    void aRobotAuthenticatesWithItsIdAndSecret_andGetsItsCommands() {
        Map<String, Object> robot = register(unique("runner"));
        WebTestClient self = client((String) robot.get("robotId"), (String) robot.get("secret"));
        self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.commands").isArray().jsonPath("$.pollAfterMs").isEqualTo(5000);
        client((String) robot.get("robotId"), "wrong-secret").post().uri("/api/robot/heartbeat")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client(UUID.randomUUID().toString(), "x").post().uri("/api/robot/heartbeat")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized();
        acme.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden();
        self.get().uri("/api/robots").exchange().expectStatus().isForbidden();
    }

    @Test
    void badRegistrations_areRefusedWithProblemJson() {
        String name = unique("twin");
        register(name);
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"" + name + "\"}")
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("already registered"));
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"\"}")
                .exchange().expectStatus().isBadRequest();
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"no/slash\"}")
                .exchange().expectStatus().isBadRequest();
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{oops").exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        client("admin", "admin").post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"x\"}").exchange().expectStatus().isForbidden();
    }

    @Test
    void inSuspended_everyRobotCallOfTheTenantIs503_evenWithABodyThatWouldNotParse() {
        Map<String, Object> robot = register(unique("sleeper"));
        WebTestClient self = client((String) robot.get("robotId"), (String) robot.get("secret"));
        Scope scope = Scope.tenant("acme");
        long epoch = view.state(scope).map(MaintenancePhaseChanged::epoch).orElse(0L) + 1;
        publish(scope, Phase.SUSPENDED, epoch);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> view.effectivePhase("acme") == Phase.SUSPENDED);
            self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                    .exchange().expectStatus().isEqualTo(503).expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectBody().jsonPath("$.phase").isEqualTo("SUSPENDED");
        } finally {
            publish(scope, Phase.NONE, epoch + 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> view.effectivePhase("acme") == Phase.NONE);
        }
        self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isOk();
    }

    private static void publish(Scope scope, Phase phase, long epoch) {
        MaintenancePhaseChanged change = new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase, Phase.NONE,
                epoch, phase == Phase.NONE ? null : "w-" + epoch, Instant.now(), "admin", null, false, false,
                DrainStrategy.STOP, null, false, Instant.now());
        SharedKafka.publish(new EventCodec("/maintenance-service").toRecord(Topics.PHASE_CHANGES, scope.key(), change,
                scope.key()));
    }
}
