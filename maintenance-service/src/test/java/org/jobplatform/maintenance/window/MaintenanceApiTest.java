package org.jobplatform.maintenance.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Topics;
import org.jobplatform.maintenance.support.MaintenanceClient;
import org.jobplatform.maintenance.support.MaintenanceServiceTest;
import org.jobplatform.maintenance.support.TopicProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The maintenance API against the real broker and database: every cell of the state machine for the host and a
 * tenant with its exact status, the errors, and exactly one event per change.
 */
@MaintenanceServiceTest
class MaintenanceApiTest {

    @LocalServerPort
    int port;

    MaintenanceClient api;
    String tenant;

    @BeforeEach
    void setUp() {
        api = new MaintenanceClient(WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build());
        tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
        api.end("");
    }

    @AfterEach
    void endHostWindow() {
        reportRunning(tenant, 0);
        api.end("");
    }

    private String scopeQuery(boolean host) {
        return host ? "" : "tenantId=" + tenant;
    }

    private static String and(String query, String more) {
        return query.isEmpty() ? more : query + "&" + more;
    }

    /** job-service's report of a tenant's running jobs, and the wait until maintenance-service has it. */
    private void reportRunning(String tenantId, long running) {
        TopicProbe.publish(Topics.JOB_EVENTS, tenantId,
                new DrainProgressReported(tenantId, null, running, 0, 0, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                ((Number) ((Map<?, ?>) api.state("admin", "tenantId=" + tenantId).get("drain")).get("runningJobs"))
                        .longValue()).isEqualTo(running));
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void none_startDraining_opensAWindow_andDrainingAgainChangesNothing(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=DRAINING&reason=upgrade")).expectStatus().isOk().expectBody()
                .jsonPath("$.phase").isEqualTo("DRAINING").jsonPath("$.effectivePhase").isEqualTo("DRAINING")
                .jsonPath("$.reason").isEqualTo("upgrade").jsonPath("$.requestedBy").isEqualTo("admin")
                .jsonPath("$.windowId").isNotEmpty().jsonPath("$.scope").isEqualTo(host ? "host" : "tenant:" + tenant);
        long epoch = epoch(q);
        api.start(and(q, "phase=draining")).expectStatus().isOk().expectBody().jsonPath("$.phase").isEqualTo("DRAINING");
        assertThat(epoch(q)).isEqualTo(epoch);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void none_startSuspended_isRefusedWithTheRunningCount_unlessForced(boolean host) {
        String q = scopeQuery(host);
        reportRunning(tenant, 2);
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.runningJobs").isEqualTo(2).jsonPath("$.detail").value(d ->
                        assertThat(d.toString()).contains("2 job(s)"));
        api.start(and(q, "phase=SUSPENDED&force=true")).expectStatus().isOk().expectBody()
                .jsonPath("$.phase").isEqualTo("SUSPENDED").jsonPath("$.killJobs").isEqualTo(true);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void none_startSuspended_withNoRunningJob_opensAWindow(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isOk().expectBody()
                .jsonPath("$.phase").isEqualTo("SUSPENDED").jsonPath("$.windowId").isNotEmpty();
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void none_end_answers200WithoutAChange(boolean host) {
        String q = scopeQuery(host);
        long epoch = epoch(q);
        api.end(q).expectStatus().isOk().expectBody().jsonPath("$.phase").isEqualTo("NONE");
        assertThat(epoch(q)).isEqualTo(epoch);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void draining_killJobs_isAChangeOfTheSameWindow(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=DRAINING")).expectStatus().isOk();
        String window = (String) api.state("admin", q).get("windowId");
        long epoch = epoch(q);
        api.start(and(q, "phase=DRAINING&killJobs=true")).expectStatus().isOk().expectBody()
                .jsonPath("$.killJobs").isEqualTo(true).jsonPath("$.windowId").isEqualTo(window)
                .jsonPath("$.epoch").isEqualTo((int) epoch + 1);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void draining_startSuspended_isRefusedWhileJobsRun_andAcceptedOnceDrained(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=DRAINING")).expectStatus().isOk();
        String window = (String) api.state("admin", q).get("windowId");
        reportRunning(tenant, 3);
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.runningJobs").isEqualTo(3).jsonPath("$.phase").isEqualTo("DRAINING");
        reportRunning(tenant, 0);
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isOk().expectBody()
                .jsonPath("$.phase").isEqualTo("SUSPENDED").jsonPath("$.windowId").isEqualTo(window);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void draining_startSuspended_withKillJobs_killsAndSuspends(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=DRAINING")).expectStatus().isOk();
        reportRunning(tenant, 3);
        api.start(and(q, "phase=SUSPENDED&killJobs=true")).expectStatus().isOk().expectBody()
                .jsonPath("$.phase").isEqualTo("SUSPENDED").jsonPath("$.killJobs").isEqualTo(true);
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void draining_end_closesTheWindow(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=DRAINING")).expectStatus().isOk();
        api.end(q).expectStatus().isOk().expectBody().jsonPath("$.phase").isEqualTo("NONE")
                .jsonPath("$.windowId").doesNotExist();
    }

    @ParameterizedTest(name = "host={0}")
    @ValueSource(booleans = {true, false})
    void suspended_startDraining_is409_suspendedAgainChangesNothing_endCloses(boolean host) {
        String q = scopeQuery(host);
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isOk();
        long epoch = epoch(q);
        api.start(and(q, "phase=DRAINING")).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.phase").isEqualTo("SUSPENDED");
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isOk();
        assertThat(epoch(q)).isEqualTo(epoch);
        api.end(q).expectStatus().isOk().expectBody().jsonPath("$.phase").isEqualTo("NONE");
    }

    @Test
    void hostDrainingAndTenantSuspended_composeToTheStrongerPhasePerTenant() {
        String other = "o-" + UUID.randomUUID().toString().substring(0, 8);
        api.start("phase=DRAINING").expectStatus().isOk();
        api.start("phase=SUSPENDED&tenantId=" + tenant).expectStatus().isOk();
        assertThat(api.state("admin", "tenantId=" + tenant)).containsEntry("phase", "SUSPENDED")
                .containsEntry("effectivePhase", "SUSPENDED");
        assertThat(api.state("admin", "tenantId=" + other)).containsEntry("phase", "NONE")
                .containsEntry("effectivePhase", "DRAINING");
        assertThat(api.state("admin", "")).containsEntry("phase", "DRAINING");
        api.end("tenantId=" + tenant).expectStatus().isOk();
        assertThat(api.state("admin", "tenantId=" + tenant)).containsEntry("effectivePhase", "DRAINING");
    }

    @Test
    void everyChange_isPublishedExactlyOnce_withIncreasingEpochs() {
        String q = "tenantId=" + tenant;
        api.start(and(q, "phase=DRAINING")).expectStatus().isOk();
        api.start(and(q, "phase=DRAINING")).expectStatus().isOk();
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isOk();
        api.end(q).expectStatus().isOk();
        api.end(q).expectStatus().isOk();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
                TopicProbe.readAll(Topics.PHASE_CHANGES, "tenant:" + tenant, MaintenancePhaseChanged.class))
                .extracting(MaintenancePhaseChanged::epoch, MaintenancePhaseChanged::phase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, org.jobplatform.contracts.Phase.DRAINING),
                        org.assertj.core.groups.Tuple.tuple(2L, org.jobplatform.contracts.Phase.SUSPENDED),
                        org.assertj.core.groups.Tuple.tuple(3L, org.jobplatform.contracts.Phase.NONE)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void windowHistory_listsTheWindowWithEveryPhaseAndWhoAsked() {
        String q = "tenantId=" + tenant;
        api.start(and(q, "phase=DRAINING&reason=db-upgrade")).expectStatus().isOk();
        api.start(and(q, "phase=SUSPENDED")).expectStatus().isOk();
        api.end(q).expectStatus().isOk();
        api.as("admin").get().uri("/api/maintenance/windows?" + q).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[0].tenantId").isEqualTo(tenant).jsonPath("$[0].reason").isEqualTo("db-upgrade")
                .jsonPath("$[0].endedAt").isNotEmpty().jsonPath("$[0].endedBy").isEqualTo("admin")
                .jsonPath("$[0].phases[*].phase").value(p -> assertThat((List<Object>) p)
                        .containsExactly("DRAINING", "SUSPENDED", "NONE"));
    }

    @Test
    void withoutCredentials_everyMaintenanceCallIs401ProblemJson() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        anonymous.post().uri("/api/maintenance/start?phase=DRAINING").exchange().expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous.get().uri("/api/maintenance").exchange().expectStatus().isUnauthorized();
        api.as("nobody").get().uri("/api/maintenance").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aTenantUser_cannotStartOrEnd_andReadsOnlyItsOwnTenant() {
        api.as("acme").post().uri("/api/maintenance/start?phase=DRAINING&tenantId=acme").exchange()
                .expectStatus().isForbidden().expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        api.as("acme").post().uri("/api/maintenance/end").exchange().expectStatus().isForbidden();
        api.as("acme").get().uri("/api/maintenance/windows").exchange().expectStatus().isForbidden();
        assertThat(api.state("acme", "")).containsEntry("tenantId", "acme");
        assertThat(api.state("acme", "tenantId=acme")).containsEntry("scope", "tenant:acme");
        api.as("acme").get().uri("/api/maintenance?tenantId=globex").exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("own tenant"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"phase=PAUSED", "phase=", "", "phase=NONE", "phase=DRAINING&tenantId=Not%20A%20Tenant",
            "phase=DRAINING&drainDeadline=30min", "phase=DRAINING&drainDeadline=-PT5M", "phase=DRAINING&strategy=WAIT",
            "phase=DRAINING&killJobs=yes", "phase=DRAINING&killjobs=true", "phase=DRAINING&phase=SUSPENDED"})
    void badInput_is400ProblemJsonWithAUsefulDetail(String query) {
        api.start(query).expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).isNotBlank())
                .jsonPath("$.status").isEqualTo(400);
    }

    @Test
    void theOpenApiDocsAndSwaggerUi_describeTheMaintenanceApi_withoutCredentials() {
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        anonymous.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody(String.class)
                .value(docs -> assertThat(docs).contains("/api/maintenance/start", "/api/maintenance/end",
                        "/api/maintenance/windows"));
        anonymous.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
    }

    @Test
    void anUnknownPhase_namesThePhasesThatCanBeStarted() {
        api.start("phase=PAUSED").expectStatus().isBadRequest().expectBody().jsonPath("$.detail")
                .isEqualTo("'PAUSED' is not a phase to start; accepted: DRAINING, SUSPENDED (POST /api/maintenance/end ends maintenance)");
    }

    @Test
    void enumValues_areCaseInsensitiveInQueryParameters() {
        api.start("phase=draining&strategy=finish&drainDeadline=PT10M&tenantId=" + tenant).expectStatus().isOk()
                .expectBody().jsonPath("$.strategy").isEqualTo("FINISH").jsonPath("$.drainDeadline").isEqualTo("PT10M");
        api.end("tenantId=" + tenant).expectStatus().isOk();
    }

    @Test
    void prometheus_showsThePhasePerScope_theTransitions_andThePropagationTime() {
        api.start("phase=DRAINING&tenantId=" + tenant).expectStatus().isOk();
        WebTestClient anonymous = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = anonymous.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(metrics).contains("maintenance_phase{scope=\"tenant:" + tenant + "\"")
                    .contains("maintenance_transitions_total{").contains("maintenance_propagation_seconds_count")
                    .contains("maintenance_phase_apply_lag_seconds_count");
            assertThat(metrics).containsPattern("maintenance_phase\\{scope=\"tenant:" + tenant + "\"[^}]*} 1.0");
        });
    }

    private long epoch(String query) {
        return ((Number) api.state("admin", query).get("epoch")).longValue();
    }
}
