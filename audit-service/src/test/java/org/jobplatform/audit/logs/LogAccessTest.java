package org.jobplatform.audit.logs;

import java.time.Instant;
import java.util.UUID;

import org.jobplatform.audit.support.AuditApi;
import org.jobplatform.audit.support.AuditServiceTest;
import org.jobplatform.audit.support.TestEvents;
import org.jobplatform.audit.support.WindowScenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Tenants only ever read their own log, whatever they put in the path or the query; anonymous callers get 401, a
 * tenant on the replay API 403, and bad input 400 problem+json with a detail that names the mistake.
 */
@AuditServiceTest
class LogAccessTest {

    @LocalServerPort
    int port;

    WebTestClient acme;
    WebTestClient admin;
    WebTestClient anonymous;
    WindowScenario globexWindow;
    WindowScenario hostWindow;

    @BeforeEach
    void windows() {
        acme = AuditApi.as("acme", port).client();
        admin = AuditApi.as("admin", port).client();
        anonymous = AuditApi.as(null, port).client();
        globexWindow = WindowScenario.tenant("globex", "globex only", Instant.now())
                .stoppedJob("globex", UUID.randomUUID().toString(), "secret-process", "robot-g");
        hostWindow = WindowScenario.host("everyone").stoppedJob("acme", UUID.randomUUID().toString(), "invoices",
                "robot-a");
        TestEvents.publish(globexWindow.records());
        TestEvents.publish(hostWindow.records());
        AuditApi.as("globex", port).awaitWindow("/api/maintenance/logs/" + globexWindow.windowId(), 1, 0, 0);
        AuditApi.as("acme", port).awaitWindow("/api/maintenance/logs/" + hostWindow.windowId(), 1, 0, 0);
    }

    private void notFound(WebTestClient client, String path) {
        client.get().uri(path).exchange().expectStatus().isNotFound().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("in your tenant's log"));
    }

    private void status(WebTestClient client, String path, int status) {
        client.get().uri(path).exchange().expectStatus().isEqualTo(status).expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private void badRequest(WebTestClient client, String path, String detail) {
        client.get().uri(path).exchange().expectStatus().isBadRequest().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).expectBody()
                .jsonPath("$.detail").isEqualTo(detail);
    }

    @Test
    void anotherTenantsWindow_isNotFound_onEveryEndpoint_asIsAGuessedId() {
        String other = "/api/maintenance/logs/" + globexWindow.windowId();
        notFound(acme, other);
        notFound(acme, other + "/events");
        acme.get().uri(other + "/events").header("Accept", "application/x-ndjson").exchange().expectStatus()
                .isNotFound();
        String guessed = "/api/maintenance/logs/" + UUID.randomUUID();
        notFound(acme, guessed);
        notFound(acme, guessed + "/events");
        // the window exists, and its tenant and a host admin read it
        AuditApi.as("globex", port).window(other);
        admin.get().uri(other + "?tenantId=globex").exchange().expectStatus().isOk();
        // a host admin asking for it in acme's log does not find it either
        notFound(admin, other + "?tenantId=acme");
        // acme's list holds the host window and not globex's
        acme.get().uri("/api/maintenance/logs?size=100").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.windowId == '" + globexWindow.windowId() + "')]").doesNotExist()
                .jsonPath("$[?(@.windowId == '" + hostWindow.windowId() + "')]").exists();
    }

    @Test
    void aTenantNamingAnotherTenant_isForbidden_onEveryEndpoint() {
        String window = "/api/maintenance/logs/" + globexWindow.windowId();
        status(acme, "/api/maintenance/logs?tenantId=globex", 403);
        status(acme, window + "?tenantId=globex", 403);
        status(acme, window + "/events?tenantId=globex", 403);
        // naming its own tenant is the same as naming none
        acme.get().uri("/api/maintenance/logs?tenantId=acme").exchange().expectStatus().isOk();
    }

    @Test
    void anonymousCallers_getUnauthorized_everywhere() {
        String window = "/api/maintenance/logs/" + hostWindow.windowId();
        status(anonymous, "/api/maintenance/logs", 401);
        status(anonymous, window, 401);
        status(anonymous, window + "/events", 401);
        status(anonymous, "/api/admin/audit/replay", 401);
        anonymous.post().uri("/api/admin/audit/replay").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aTenantUser_isForbiddenTheReplayApi() {
        acme.post().uri("/api/admin/audit/replay").exchange().expectStatus().isForbidden().expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        status(acme, "/api/admin/audit/replay", 403);
        status(acme, "/api/admin/audit/replay/" + UUID.randomUUID(), 403);
    }

    @Test
    void badInput_isRefusedWithAPreciseDetail() {
        badRequest(acme, "/api/maintenance/logs?size=0", "size must be from 1 to 100, got 0");
        badRequest(acme, "/api/maintenance/logs?size=101", "size must be from 1 to 100, got 101");
        badRequest(acme, "/api/maintenance/logs?size=ten", "size 'ten' is not a whole number");
        badRequest(acme, "/api/maintenance/logs?page=-1", "page must be from 0 to 21474836, got -1");
        badRequest(acme, "/api/maintenance/logs?page=1&page=2",
                "query parameter 'page' is given 2 times; give it once");
        badRequest(acme, "/api/maintenance/logs?limit=5",
                "unknown query parameter 'limit'; accepted: page, size, tenantId");
        badRequest(acme, "/api/maintenance/logs/not-a-window",
                "'not-a-window' is not a window id: window ids are UUIDs");
        badRequest(acme, "/api/maintenance/logs/not-a-window/events",
                "'not-a-window' is not a window id: window ids are UUIDs");
        badRequest(acme, "/api/maintenance/logs/" + hostWindow.windowId() + "?page=2",
                "unknown query parameter 'page'; accepted: tenantId");
        badRequest(admin, "/api/maintenance/logs",
                "tenantId is required for a host admin: the logs are per tenant, e.g. ?tenantId=acme");
        admin.get().uri("/api/maintenance/logs?tenantId=Not A Tenant").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions
                        .assertThat((String) detail).startsWith("'Not A Tenant' is not a valid tenant id"));
        badRequest(admin, "/api/admin/audit/replay/12", "'12' is not a replay id: replay ids are UUIDs");
        admin.post().uri("/api/admin/audit/replay?now=true").exchange().expectStatus().isBadRequest();
    }
}
