package org.jobplatform.robot;

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
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway under test as its callers see it: the Basic users, freshly registered robots, phase changes. */
final class Gateway {

    private final int port;

    Gateway(int port) {
        this.port = port;
    }

    /**
     * A registered robot.
     *
     * @param robotId its id
     * @param secret  its secret
     * @param client  a client that authenticates as the robot
     */
    record RegisteredRobot(String robotId, String secret, WebTestClient client) {
    }

    /** A client of the running gateway, authenticated with HTTP Basic. */
    WebTestClient as(String user, String password) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeaders(h -> h.setBasicAuth(user, password)).build();
    }

    /** Registers a robot of tenant acme and returns the registration's answer. */
    @SuppressWarnings("unchecked")
    Map<String, Object> register(String name) {
        return as("acme", "acme").post().uri("/api/robots").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"" + name + "\"}").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    /** A new robot of tenant acme, with a unique name. */
    RegisteredRobot newRobot(String prefix) {
        Map<String, Object> registered = register(unique(prefix));
        String robotId = (String) registered.get("robotId");
        String secret = (String) registered.get("secret");
        return new RegisteredRobot(robotId, secret, as(robotId, secret));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Puts the tenant into the phase as maintenance-service would (the next epoch on the phase topic) and waits until
     * this instance applied it.
     */
    static void enterPhase(PhaseView view, String tenant, Phase phase) {
        enterPhase(view, tenant, phase, phase == Phase.NONE ? null : "w-" + UUID.randomUUID());
    }

    /** The same, in the given window ({@code null} for NONE). */
    static void enterPhase(PhaseView view, String tenant, Phase phase, String windowId) {
        Scope scope = Scope.tenant(tenant);
        long epoch = view.state(scope).map(MaintenancePhaseChanged::epoch).orElse(0L) + 1;
        MaintenancePhaseChanged change = new MaintenancePhaseChanged(scope.key(), scope.tenantId(), phase, Phase.NONE,
                epoch, windowId, Instant.now(), "admin", null, false, false, DrainStrategy.STOP, null, false,
                Instant.now());
        SharedKafka.publish(new EventCodec("/maintenance-service").toRecord(Topics.PHASE_CHANGES, scope.key(), change,
                scope.key()));
        await().atMost(Duration.ofSeconds(30)).until(() -> view.effectivePhase(tenant) == phase);
    }
}
