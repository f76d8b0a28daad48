package org.jobplatform.starter.phase;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.starter.app.GateTestApplication;
import org.jobplatform.starter.app.PhaseEvents;
import org.jobplatform.testsupport.SharedInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A service (re)started while its tenant is SUSPENDED is not ready and serves nothing until its phase view has
 * read the phase topic, and then gates as SUSPENDED. The catch-up is held at a listener, so the test sees the
 * instance before it caught up without depending on timing.
 */
class ReadinessAfterRestartTest {

    /** Holds the view's catch-up until released. */
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @Test
    void restartedInSuspended_readinessIsDownUntilCaughtUp_thenTheServiceGatesAsSuspended() throws Exception {
        Scope acme = Scope.tenant("acme");
        long epoch = 1_000_000 + System.nanoTime() % 1_000_000;
        PhaseEvents.publish(PhaseEvents.change(acme, Phase.SUSPENDED, epoch));
        Map<String, Object> props = new HashMap<>(SharedInfrastructure.properties());
        props.put("server.port", "0");
        props.put("spring.application.name", "restart-test");
        props.put("maintenance.database.schema", "gate_test");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(GateTestApplication.class)
                .initializers(ctx -> ((org.springframework.context.support.GenericApplicationContext) ctx)
                        .registerBean("holdCatchUp", PhaseListener.class, () -> (change, catchUp) -> {
                            if (catchUp) {
                                try {
                                    RELEASE.await(60, TimeUnit.SECONDS);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        }))
                .properties(props).run()) {
            String base = "http://localhost:" + context.getEnvironment().getProperty("local.server.port");
            WebTestClient acmeUser = WebTestClient.bindToServer().baseUrl(base)
                    .defaultHeaders(h -> h.setBasicAuth("acme", "acme")).build();
            WebTestClient anonymous = WebTestClient.bindToServer().baseUrl(base).build();

            anonymous.get().uri("/actuator/health/readiness").exchange().expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.status").isEqualTo("DOWN");
            anonymous.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
            acmeUser.get().uri("/api/work").exchange().expectStatus().isEqualTo(503).expectBody()
                    .jsonPath("$.type").isEqualTo("urn:jobplatform:problem:not-ready");

            RELEASE.countDown();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> anonymous.get()
                    .uri("/actuator/health/readiness").exchange().expectStatus().isOk());
            acmeUser.get().uri("/api/work").exchange().expectStatus().isEqualTo(503).expectBody()
                    .jsonPath("$.phase").isEqualTo("SUSPENDED").jsonPath("$.type")
                    .isEqualTo("urn:jobplatform:problem:maintenance");
        } finally {
            RELEASE.countDown();
            PhaseEvents.publish(PhaseEvents.change(acme, Phase.NONE, epoch + 1));
        }
    }
}
