package org.jobplatform.starter.gate;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

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
import org.springframework.test.web.reactive.server.WebTestClient;

/** With {@code restrict-api-access}, host admins are refused too during maintenance, except the maintenance API. */
@UsesSharedInfrastructure
@SpringBootTest(classes = GateTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.application.name=gate-test", "maintenance.database.schema=gate_test",
                "maintenance.gate.work-creating-routes=POST /api/work", "maintenance.gate.restrict-api-access=true"})
class RestrictedApiAccessTest {

    @LocalServerPort
    int port;

    @Autowired
    PhaseView view;

    @Test
    void hostDraining_refusesHostAdminsEverythingButTheMaintenanceApi() {
        await().atMost(Duration.ofSeconds(30)).until(view::isCaughtUp);
        WebTestClient admin = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeaders(h -> h.setBasicAuth("admin", "admin")).build();
        admin.get().uri("/api/work").exchange().expectStatus().isOk();
        long epoch = view.state(Scope.HOST).map(s -> s.epoch()).orElse(0L) + 1;
        PhaseEvents.publish(PhaseEvents.change(Scope.HOST, Phase.DRAINING, epoch));
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> view.hostPhase() == Phase.DRAINING);
            admin.get().uri("/api/work").exchange().expectStatus().isEqualTo(503).expectBody()
                    .jsonPath("$.phase").isEqualTo("DRAINING");
            admin.get().uri("/api/maintenance/logs").exchange().expectStatus().isOk();
        } finally {
            PhaseEvents.publish(PhaseEvents.change(Scope.HOST, Phase.NONE, epoch + 1));
            await().atMost(Duration.ofSeconds(20)).until(() -> view.hostPhase() == Phase.NONE);
        }
    }
}
