package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.support.MaintenanceClient;
import org.jobplatform.maintenance.support.MaintenanceServiceTest;
import org.jobplatform.maintenance.support.TopicProbe;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A DRAINING scope started with autoSuspend suspends itself once job-service reports it drained. */
@MaintenanceServiceTest
@TestPropertySource(properties = {"maintenance.auto-suspend.check-interval=300ms", "maintenance.auto-suspend.settle=3s"})
class AutoSuspendTest {

    @LocalServerPort
    int port;

    private MaintenanceClient api() {
        return new MaintenanceClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build());
    }

    private static String tenant(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void autoSuspend_waitsForTheRobotsConfirmation_thenSuspendsByItself() {
        MaintenanceClient api = api();
        String tenant = tenant("auto");
        TopicProbe.publish(Topics.JOB_EVENTS, tenant, new DrainProgressReported(tenant, null, 2, 0, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ((Number) ((Map<?, ?>) api.state("admin", "tenantId=" + tenant).get("drain"))
                        .get("runningJobs")).longValue() == 2);
        api.start("phase=DRAINING&autoSuspend=true&tenantId=" + tenant).expectStatus().isOk();
        try {
            // Stop sent, not yet confirmed: still draining, well past the settle time
            TopicProbe.publish(Topics.JOB_EVENTS, tenant,
                    new DrainProgressReported(tenant, "w", 0, 2, 0, Instant.now()));
            await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                    .until(() -> "DRAINING".equals(api.state("admin", "tenantId=" + tenant).get("phase")));
            TopicProbe.publish(Topics.JOB_EVENTS, tenant,
                    new DrainProgressReported(tenant, "w", 0, 0, 0, Instant.now()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Map<String, Object> state = api.state("admin", "tenantId=" + tenant);
                assertThat(state.get("phase")).isEqualTo("SUSPENDED");
                assertThat(state.get("requestedBy")).isEqualTo(AutoSuspender.REQUESTED_BY);
            });
        } finally {
            api.end("tenantId=" + tenant).expectStatus().isOk();
        }
    }

    @Test
    void autoSuspend_ofAScopeWithoutJobs_suspendsAfterTheSettleTime() {
        MaintenanceClient api = api();
        String tenant = tenant("idle");
        api.start("phase=DRAINING&autoSuspend=true&tenantId=" + tenant).expectStatus().isOk();
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "SUSPENDED".equals(api.state("admin", "tenantId=" + tenant).get("phase")));
        } finally {
            api.end("tenantId=" + tenant).expectStatus().isOk();
        }
    }

    @Test
    void withoutAutoSuspend_aDrainedScopeStaysDraining() {
        MaintenanceClient api = api();
        String tenant = tenant("manual");
        api.start("phase=DRAINING&tenantId=" + tenant).expectStatus().isOk();
        try {
            TopicProbe.publish(Topics.JOB_EVENTS, tenant,
                    new DrainProgressReported(tenant, "w", 0, 0, 0, Instant.now()));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                    .until(() -> "DRAINING".equals(api.state("admin", "tenantId=" + tenant).get("phase")));
        } finally {
            api.end("tenantId=" + tenant).expectStatus().isOk();
        }
    }
}
