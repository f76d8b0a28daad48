package org.jobplatform.job.lifecycle;

import org.jobplatform.job.support.JobServiceTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jobplatform.contracts.JobState;
import org.jobplatform.contracts.JobStateChanged;
import org.jobplatform.contracts.Topics;
import org.jobplatform.starter.messaging.EventCodec;
import org.jobplatform.testsupport.SharedKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The job API on the real broker and database: tenants, lifecycle, events and errors. */
@JobServiceTest
class JobApiTest {

    private static final EventCodec CODEC = new EventCodec("/test");

    @LocalServerPort
    int port;

    WebTestClient acme;
    WebTestClient globex;
    WebTestClient admin;

    @BeforeEach
    void clients() {
        acme = client("acme");
        globex = client("globex");
        admin = client("admin");
    }

    private WebTestClient client(String user) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(20))
                .defaultHeaders(h -> h.setBasicAuth(user, user)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> create(WebTestClient as, String body) {
        return as.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isCreated().expectHeader().exists("Location")
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    private List<JobStateChanged> events(String jobId) {
        return SharedKafka.readAll(Topics.JOB_EVENTS).stream().filter(r -> jobId.equals(
                        EventCodec.header(r.headers(), org.jobplatform.contracts.CloudEventHeaders.SUBJECT)))
                .map(r -> CODEC.decode(r.value(), JobStateChanged.class)).toList();
    }

    @Test
    void aTenantUserCreatesAPendingJob_ofItsOwnTenant_andItsCreationIsPublished() {
        Map<String, Object> job = create(acme,
                "{\"processName\":\"invoices\",\"inputArguments\":{\"month\":\"2026-11\"}}");
        assertThat(job).containsEntry("tenantId", "acme").containsEntry("state", "PENDING")
                .containsEntry("processName", "invoices");
        String id = (String) job.get("id");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(id)).singleElement()
                .satisfies(e -> {
                    assertThat(e.state()).isEqualTo(JobState.PENDING);
                    assertThat(e.previousState()).isNull();
                    assertThat(e.tenantId()).isEqualTo("acme");
                }));
    }

    @Test
    void anotherTenantsJob_isNotFound_andNotListed_butHostAdminsSeeIt() {
        String id = (String) create(acme, "{\"processName\":\"payroll\"}").get("id");
        globex.get().uri("/api/jobs/" + id).exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        globex.post().uri("/api/jobs/" + id + "/stop").exchange().expectStatus().isNotFound();
        globex.get().uri("/api/jobs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '" + id + "')]").doesNotExist();
        acme.get().uri("/api/jobs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '" + id + "')].tenantId").isEqualTo("acme");
        admin.get().uri("/api/jobs/" + id).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.tenantId").isEqualTo("acme");
    }

    @Test
    @SuppressWarnings("unchecked")
    void counts_areOfTheCallersTenant_andOfEveryTenantForHostAdmins() {
        Map<String, Object> before = globex.get().uri("/api/jobs/counts").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        create(acme, "{\"processName\":\"counted\"}");
        Map<String, Object> acmeCounts = acme.get().uri("/api/jobs/counts").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        Map<String, Object> all = admin.get().uri("/api/jobs/counts").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(((Number) acmeCounts.get("PENDING")).longValue()).isPositive();
        assertThat(((Number) all.get("PENDING")).longValue())
                .isGreaterThanOrEqualTo(((Number) acmeCounts.get("PENDING")).longValue());
        assertThat(globex.get().uri("/api/jobs/counts").exchange().expectBody(Map.class).returnResult()
                .getResponseBody()).isEqualTo(before);
    }

    @Test
    void stoppingAPendingJob_endsItStopped_andAnEndedJobCannotBeStoppedOrKilledAgain() {
        String id = (String) create(acme, "{\"processName\":\"reports\"}").get("id");
        acme.post().uri("/api/jobs/" + id + "/stop").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("STOPPED").jsonPath("$.reason").isEqualTo("USER");
        acme.post().uri("/api/jobs/" + id + "/stop").exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("already ended"));
        acme.post().uri("/api/jobs/" + id + "/kill").exchange().expectStatus().isEqualTo(409);
        acme.get().uri("/api/jobs?state=stopped").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.id == '" + id + "')].state").isEqualTo("STOPPED");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(events(id))
                .extracting(JobStateChanged::state).containsExactly(JobState.PENDING, JobState.STOPPED));
    }

    @Test
    void killingAPendingJob_endsItKilled() {
        String id = (String) create(acme, "{\"processName\":\"cleanup\"}").get("id");
        acme.post().uri("/api/jobs/" + id + "/kill").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.state").isEqualTo("KILLED");
    }

    @Test
    void hostAdmins_createNoJobs_becauseAJobBelongsToATenant() {
        admin.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"processName\":\"x\"}")
                .exchange().expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"processName\":\"\"}", "{\"processName\":\"<script>\"}", "{not json",
            "{\"processName\":\"ok\",\"inputArguments\":[1,2]}", "{\"processName\":\"ok\",\"robotId\":\"bad robot!\"}"})
    void badBodies_are400ProblemJsonWithADetail(String body) {
        acme.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).isNotBlank());
    }

    @Test
    void aWronglyTypedField_is400_withADetailNamingTheField() {
        acme.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"processName\":\"ok\",\"inputArguments\":[1,2]}").exchange()
                .expectStatus().isBadRequest().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("inputArguments"));
    }

    @Test
    void badIdsAndFilters_are400ProblemJson() {
        acme.get().uri("/api/jobs/not-a-uuid").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("UUID"));
        acme.get().uri("/api/jobs?state=DONE").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("accepted"));
        acme.get().uri("/api/jobs?limit=0").exchange().expectStatus().isBadRequest();
        acme.post().uri("/api/jobs").contentType(MediaType.TEXT_PLAIN).bodyValue("invoices").exchange()
                .expectStatus().isEqualTo(415);
    }
}
