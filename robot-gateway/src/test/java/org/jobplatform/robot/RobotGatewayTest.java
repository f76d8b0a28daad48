package org.jobplatform.robot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.Phase;
import org.jobplatform.starter.phase.PhaseView;
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

    Gateway gateway;
    WebTestClient acme;

    @BeforeEach
    void clients() {
        gateway = new Gateway(port);
        acme = gateway.as("acme", "acme");
    }

    @Test
    void aTenantRegistersARobot_seesItsSecretOnce_andOnlyItsOwnRobotsAreListed() {
        String name = Gateway.unique("bot");
        Map<String, Object> robot = gateway.register(name);
        assertThat(robot).containsEntry("tenantId", "acme").containsEntry("name", name);
        assertThat((String) robot.get("secret")).hasSizeGreaterThanOrEqualTo(40);
        acme.get().uri("/api/robots").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == '" + name + "')].robotId").isEqualTo(robot.get("robotId"))
                .jsonPath("$[?(@.name == '" + name + "')].secret").doesNotExist();
        gateway.as("globex", "globex").get().uri("/api/robots").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.name == '" + name + "')]").doesNotExist();
    }

    @Test
    void aRobotAuthenticatesWithItsIdAndSecret_andGetsItsCommands() {
        Map<String, Object> robot = gateway.register(Gateway.unique("runner"));
        WebTestClient self = gateway.as((String) robot.get("robotId"), (String) robot.get("secret"));
        self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.commands").isArray().jsonPath("$.pollAfterMs").isEqualTo(5000);
        gateway.as((String) robot.get("robotId"), "wrong-secret").post().uri("/api/robot/heartbeat")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        gateway.as(UUID.randomUUID().toString(), "x").post().uri("/api/robot/heartbeat")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus().isUnauthorized();
        acme.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isForbidden();
        self.get().uri("/api/robots").exchange().expectStatus().isForbidden();
    }

    @Test
    void badRegistrations_areRefusedWithProblemJson() {
        String name = Gateway.unique("twin");
        gateway.register(name);
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"" + name + "\"}")
                .exchange().expectStatus().isEqualTo(409).expectBody().jsonPath("$.detail")
                .value(d -> assertThat(d.toString()).contains("already registered"));
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"\"}")
                .exchange().expectStatus().isBadRequest();
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"no/slash\"}")
                .exchange().expectStatus().isBadRequest();
        acme.post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON).bodyValue("{oops").exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        gateway.as("admin", "admin").post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"x\"}").exchange().expectStatus().isForbidden();
    }

    @Test
    void inSuspended_everyRobotCallOfTheTenantIs503_evenWithABodyThatWouldNotParse() {
        Map<String, Object> robot = gateway.register(Gateway.unique("sleeper"));
        WebTestClient self = gateway.as((String) robot.get("robotId"), (String) robot.get("secret"));
        try {
            Gateway.enterPhase(view, "acme", Phase.SUSPENDED);
            self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                    .exchange().expectStatus().isEqualTo(503).expectHeader().exists(HttpHeaders.RETRY_AFTER)
                    .expectBody().jsonPath("$.phase").isEqualTo("SUSPENDED");
        } finally {
            Gateway.enterPhase(view, "acme", Phase.NONE);
        }
        self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isOk();
    }

    @Test
    void inSuspended_aRobotThatCalledBeforeIsRefusedWithTheGatesAnswer_whileAWrongSecretOrAnUnknownRobotIsStill401() {
        Map<String, Object> robot = gateway.register(Gateway.unique("caller"));
        String id = (String) robot.get("robotId");
        WebTestClient self = gateway.as(id, (String) robot.get("secret"));
        // a first call caches its credentials
        self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isOk();
        try {
            Gateway.enterPhase(view, "acme", Phase.SUSPENDED);
            for (int i = 0; i < 3; i++) {
                self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isEqualTo(503)
                        .expectHeader().exists(HttpHeaders.RETRY_AFTER)
                        .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody().jsonPath("$.phase").isEqualTo("SUSPENDED")
                        .jsonPath("$.type").isEqualTo("urn:jobplatform:problem:maintenance")
                        .jsonPath("$.detail").value(d -> assertThat((String) d).contains("SUSPENDED"));
            }
            gateway.as(id, "not-its-secret").post().uri("/api/robot/heartbeat")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"runningJobIds\":[]}").exchange()
                    .expectStatus().isUnauthorized();
            gateway.as(java.util.UUID.randomUUID().toString(), "whatever").post().uri("/api/robot/heartbeat")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"runningJobIds\":[]}").exchange()
                    .expectStatus().isUnauthorized();
            // another tenant's robots are not cut off
            @SuppressWarnings("unchecked")
            Map<String, Object> other = gateway.as("globex", "globex").post().uri("/api/robots")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"name\":\"" + Gateway.unique("other") + "\"}")
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            WebTestClient otherRobot = gateway.as((String) other.get("robotId"), (String) other.get("secret"));
            for (int i = 0; i < 2; i++) {
                otherRobot.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isOk();
            }
        } finally {
            Gateway.enterPhase(view, "acme", Phase.NONE);
        }
        self.post().uri("/api/robot/heartbeat").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"runningJobIds\":[]}").exchange().expectStatus().isOk();
    }
}
