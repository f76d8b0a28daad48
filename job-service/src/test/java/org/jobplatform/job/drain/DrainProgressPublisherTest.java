package org.jobplatform.job.drain;

import org.jobplatform.job.support.JobServiceTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.jobplatform.contracts.CloudEventHeaders;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.EventTypes;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** A tenant's job counts reach {@code jobs.events.v1} after every change. */
@JobServiceTest
class DrainProgressPublisherTest {

    private static final EventCodec CODEC = new EventCodec("/test");

    @LocalServerPort
    int port;

    private DrainProgressReported latest(String tenant) {
        return SharedKafka.readAll(Topics.JOB_EVENTS).stream()
                .filter(r -> tenant.equals(r.key()))
                .filter(r -> EventTypes.DRAIN_PROGRESS_REPORTED.equals(EventCodec.header(r.headers(), CloudEventHeaders.TYPE)))
                .map(r -> CODEC.decode(r.value(), DrainProgressReported.class))
                .max(Comparator.comparing(DrainProgressReported::asOf)).orElse(null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void creatingAndStoppingJobs_publishesTheTenantsPendingCount() {
        WebTestClient acme = WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).defaultHeaders(h -> h.setBasicAuth("acme", "acme")).build();
        long before = acme.get().uri("/api/jobs?state=PENDING&limit=1000").exchange().expectStatus().isOk()
                .expectBodyList(Map.class).returnResult().getResponseBody().size();
        List<String> ids = List.of(create(acme), create(acme));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(latest("acme")).isNotNull()
                .satisfies(p -> assertThat(p.pendingJobs()).isEqualTo(before + 2)));
        acme.post().uri("/api/jobs/" + ids.get(0) + "/stop").exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(latest("acme").pendingJobs())
                .isEqualTo(before + 1));
        assertThat(latest("acme").runningJobs()).isZero();
    }

    @SuppressWarnings("unchecked")
    private static String create(WebTestClient client) {
        return (String) client.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"processName\":\"ledger\"}").exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
    }
}
