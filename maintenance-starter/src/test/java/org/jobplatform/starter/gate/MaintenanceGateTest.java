package org.jobplatform.starter.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.starter.app.GateTestApplication;
import org.jobplatform.starter.app.PhaseEvents;
import org.jobplatform.starter.phase.PhaseView;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gate of a maintenance-aware service, driven by real phase events on the embedded broker. */
@UsesSharedInfrastructure
@SpringBootTest(classes = GateTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=gate-test", "maintenance.database.schema=gate_test",
                "maintenance.gate.work-creating-routes=POST /api/work", "maintenance.gate.retry-after=45s"})
class MaintenanceGateTest {

    @LocalServerPort
    int port;

    @Autowired
    PhaseView view;

    WebTestClient acme;
    WebTestClient globex;
    WebTestClient admin;

    @BeforeEach
    void clients() {
        await().atMost(Duration.ofSeconds(30)).until(view::isCaughtUp);
        acme = client("acme");
        globex = client("globex");
        admin = client("admin");
    }

    @AfterEach
    void endEverything() {
        move(Scope.HOST, Phase.NONE);
        move(Scope.tenant("acme"), Phase.NONE);
    }

    private WebTestClient client(String user) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth(user, user)).build();
    }

    /** Publishes the scope's next epoch and waits until this instance applied it. */
    private void move(Scope scope, Phase phase) {
        long epoch = view.state(scope).map(s -> s.epoch()).orElse(0L) + 1;
        PhaseEvents.publish(PhaseEvents.change(scope, phase, epoch));
        await().atMost(Duration.ofSeconds(20)).until(() -> view.appliedEpochs().getOrDefault(scope.key(), 0L) == epoch);
    }

    @Test
    void draining_refusesWorkCreatingRoutesWith503RetryAfterAndProblemJson_butReadsStayUp() {
        move(Scope.tenant("acme"), Phase.DRAINING);
        acme.post().uri("/api/work").exchange().expectStatus().isEqualTo(503)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "45")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.phase").isEqualTo("DRAINING")
                .jsonPath("$.windowId").isEqualTo(view.state(Scope.tenant("acme")).orElseThrow().windowId())
                .jsonPath("$.status").isEqualTo(503);
        acme.get().uri("/api/work").exchange().expectStatus().isOk();
        globex.post().uri("/api/work").exchange().expectStatus().isOk();
    }

    @Test
    void suspended_refusesEveryUserRoute_butHealthMaintenanceReadsAndHostAdminsStayThrough() {
        move(Scope.tenant("acme"), Phase.SUSPENDED);
        acme.get().uri("/api/work").exchange().expectStatus().isEqualTo(503).expectBody()
                .jsonPath("$.phase").isEqualTo("SUSPENDED");
        acme.get().uri("/api/maintenance/logs").exchange().expectStatus().isOk();
        acme.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        admin.post().uri("/api/work").exchange().expectStatus().isOk();
        globex.get().uri("/api/work").exchange().expectStatus().isOk();
    }

    @Test
    void hostDraining_appliesToEveryTenant_andTenantSuspendedIsStrongerForThatTenant() {
        move(Scope.HOST, Phase.DRAINING);
        move(Scope.tenant("acme"), Phase.SUSPENDED);
        acme.get().uri("/api/work").exchange().expectStatus().isEqualTo(503).expectBody()
                .jsonPath("$.phase").isEqualTo("SUSPENDED").jsonPath("$.scope").isEqualTo("tenant:acme");
        globex.get().uri("/api/work").exchange().expectStatus().isOk();
        globex.post().uri("/api/work").exchange().expectStatus().isEqualTo(503).expectBody()
                .jsonPath("$.phase").isEqualTo("DRAINING").jsonPath("$.scope").isEqualTo("host");
    }

    @Test
    void aStaleOrRepeatedPhaseEvent_changesNothing() {
        move(Scope.tenant("acme"), Phase.SUSPENDED);
        long epoch = view.appliedEpochs().get("tenant:acme");
        PhaseEvents.publish(PhaseEvents.change(Scope.tenant("acme"), Phase.NONE, epoch));
        PhaseEvents.publish(PhaseEvents.change(Scope.tenant("acme"), Phase.NONE, epoch - 1));
        // a marker change on another scope, published after them, shows both were read
        move(Scope.tenant("globex"), Phase.NONE);
        assertThat(view.effectivePhase("acme")).isEqualTo(Phase.SUSPENDED);
        assertThat(view.appliedEpochs()).containsEntry("tenant:acme", epoch);
        acme.get().uri("/api/work").exchange().expectStatus().isEqualTo(503);
    }

    @Test
    void afterTheEnd_workIsAcceptedAgain() {
        move(Scope.tenant("acme"), Phase.SUSPENDED);
        move(Scope.tenant("acme"), Phase.NONE);
        acme.post().uri("/api/work").exchange().expectStatus().isOk();
    }

    @Test
    void unauthenticatedCalls_are401ProblemJson_andProbesAreOpen() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        anonymous.get().uri("/api/work").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }
}
