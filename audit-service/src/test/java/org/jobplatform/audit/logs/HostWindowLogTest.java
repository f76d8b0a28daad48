package org.jobplatform.audit.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jobplatform.audit.support.AuditApi;
import org.jobplatform.audit.support.AuditServiceTest;
import org.jobplatform.audit.support.TestEvents;
import org.jobplatform.audit.support.WindowScenario;
import org.jobplatform.contracts.DrainProgressReported;
import org.jobplatform.contracts.Topics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A host window appears in every known tenant's log, with that tenant's jobs and executions only. */
@AuditServiceTest
class HostWindowLogTest {

    @LocalServerPort
    int port;

    @Test
    void oneHostWindowOverTwoTenants_yieldsTwoLogs_withExactlyTheirOwnJobsAndExecutions() {
        String acmeStopped = UUID.randomUUID().toString();
        String acmeKilled = UUID.randomUUID().toString();
        String acmeUserStopped = UUID.randomUUID().toString();
        String globexStopped = UUID.randomUUID().toString();
        String globexKilledRunning = UUID.randomUUID().toString();
        String globexOtherWindow = UUID.randomUUID().toString();
        String globexFinished = UUID.randomUUID().toString();
        WindowScenario window = WindowScenario.host("upgrade to 2.0");
        Instant due = window.start().plusSeconds(40);
        window.stoppedJob("acme", acmeStopped, "invoices", "robot-a1")
                .killedPendingJob("acme", acmeKilled, "payroll")
                .userStoppedJob("acme", acmeUserStopped, "invoices", "robot-a2")
                .skippedExecution("acme", "trigger-a", "nightly invoices", due)
                .refusedThenSkipped("acme", "trigger-b", "hourly sync", window.start())
                .firedExecution("acme", "trigger-a", "nightly invoices", window.start().minusSeconds(3600))
                .drainProgress("acme")
                .stoppedJob("globex", globexStopped, "shipping", "robot-g1")
                .killedRunningJob("globex", globexKilledRunning, "billing", "robot-g2")
                .finishedJob("globex", globexFinished, "shipping", "robot-g3")
                .otherWindowsJob("globex", globexOtherWindow, UUID.randomUUID().toString())
                .refusedRequest("globex", "trigger-g", due)
                .skippedExecution("globex", "trigger-h", "weekly report", due.plusSeconds(5));
        TestEvents.publish(window.records());
        // initech is known to the audit (it had a job), but the window interrupted nothing of it
        TestEvents.publish(TestEvents.record(Topics.JOB_EVENTS, "initech",
                new DrainProgressReported("initech", null, 0, 0, 0, Instant.now())));

        AuditApi acme = AuditApi.as("acme", port);
        Map<String, Object> acmeLog = acme.awaitWindow("/api/maintenance/logs/" + window.windowId(), 1, 1, 2);
        assertThat(acmeLog).containsEntry("windowId", window.windowId()).containsEntry("scope", "HOST")
                .containsEntry("tenantId", "acme").containsEntry("reason", "upgrade to 2.0")
                .containsEntry("startedAt", window.start().toString())
                .containsEntry("endedAt", window.endedAt().toString());
        assertThat(acmeLog.get("phases")).isEqualTo(List.of(
                Map.of("phase", "DRAINING", "at", window.start().toString()),
                Map.of("phase", "SUSPENDED", "at", window.suspendedAt().toString()),
                Map.of("phase", "NONE", "at", window.endedAt().toString())));
        assertThat(acmeLog.get("jobsStopped")).isEqualTo(List.of(Map.of("jobId", acmeStopped, "processName",
                "invoices", "robotId", "robot-a1", "at", window.start().plusSeconds(20).toString())));
        assertThat(ids(acmeLog, "jobsKilled", "jobId")).containsExactly(acmeKilled);
        assertThat(acmeLog.get("triggersSkipped")).isEqualTo(List.of(
                Map.of("triggerId", "trigger-b", "triggerName", "hourly sync", "scheduledAt",
                        window.start().toString(), "outcome", "SKIPPED"),
                Map.of("triggerId", "trigger-a", "triggerName", "nightly invoices", "scheduledAt", due.toString(),
                        "outcome", "SKIPPED")));

        AuditApi globex = AuditApi.as("globex", port);
        Map<String, Object> globexLog = globex.awaitWindow("/api/maintenance/logs/" + window.windowId(), 1, 1, 2);
        assertThat(globexLog).containsEntry("tenantId", "globex").containsEntry("scope", "HOST");
        assertThat(ids(globexLog, "jobsStopped", "jobId")).containsExactly(globexStopped);
        assertThat(globexLog.get("jobsKilled")).isEqualTo(List.of(Map.of("jobId", globexKilledRunning,
                "processName", "billing", "robotId", "robot-g2", "at", window.start().plusSeconds(62).toString())));
        assertThat(ids(globexLog, "triggersSkipped", "triggerId")).containsExactly("trigger-g", "trigger-h");
        assertThat(map(((List<?>) globexLog.get("triggersSkipped")).get(0)))
                .containsEntry("triggerId", "trigger-g").containsEntry("triggerName", null)
                .containsEntry("scheduledAt", due.toString()).containsEntry("outcome", "SKIPPED");

        AuditApi initech = AuditApi.as("initech", port);
        Map<String, Object> initechLog = initech.awaitWindow("/api/maintenance/logs/" + window.windowId(), 0, 0, 0);
        assertThat(initechLog).containsEntry("tenantId", "initech").containsEntry("jobsStopped", List.of())
                .containsEntry("jobsKilled", List.of()).containsEntry("triggersSkipped", List.of());

        // the list shows the same window with the same summary, and a host admin reads any tenant's log
        assertThat(acme.list("/api/maintenance/logs?size=100")).filteredOn(w -> window.windowId()
                .equals(w.get("windowId"))).singleElement().satisfies(w -> {
                    assertThat(w).doesNotContainKeys("jobsStopped", "jobsKilled", "triggersSkipped");
                    assertThat(w.get("summary")).isEqualTo(acmeLog.get("summary"));
                    assertThat(w.get("phases")).isEqualTo(acmeLog.get("phases"));
                });
        AuditApi admin = AuditApi.as("admin", port);
        assertThat(admin.window("/api/maintenance/logs/" + window.windowId() + "?tenantId=globex"))
                .isEqualTo(globexLog);
    }

    @Test
    void aWindowsEvents_areTheTenantsOwn_inOrder_asCloudEvents_andAsJsonLines() {
        String acmeJob = UUID.randomUUID().toString();
        String globexJob = UUID.randomUUID().toString();
        WindowScenario window = WindowScenario.host("events");
        window.stoppedJob("acme", acmeJob, "invoices", "robot-a1").stoppedJob("globex", globexJob, "shipping",
                "robot-g1").drainProgress("acme");
        TestEvents.publish(window.records());
        AuditApi acme = AuditApi.as("acme", port);
        acme.awaitWindow("/api/maintenance/logs/" + window.windowId(), 1, 0, 0);

        List<Map<String, Object>> events = acme.list("/api/maintenance/logs/" + window.windowId() + "/events");
        // the window's three phase changes, acme's Stop and its confirmation, acme's drain progress; nothing of globex
        assertThat(events).extracting(e -> e.get("type")).containsExactly(
                "org.jobplatform.maintenance.phase-changed.v1", "org.jobplatform.jobs.job-state-changed.v1",
                "org.jobplatform.jobs.job-state-changed.v1", "org.jobplatform.jobs.drain-progress-reported.v1",
                "org.jobplatform.maintenance.phase-changed.v1", "org.jobplatform.maintenance.phase-changed.v1");
        assertThat(events).allSatisfy(e -> {
            assertThat(e).containsEntry("specversion", "1.0").containsKeys("id", "source", "time", "kafkatopic",
                    "kafkapartition", "kafkaoffset", "partitionkey", "data");
            assertThat(e.toString()).doesNotContain("globex");
        });
        assertThat(events.get(1)).containsEntry("kafkatopic", Topics.JOB_EVENTS).containsEntry("partitionkey", "acme");
        assertThat(map(events.get(1).get("data"))).containsEntry("jobId", acmeJob)
                .containsEntry("state", "STOPPING");
        assertThat(map(events.get(5).get("data"))).containsEntry("phase", "NONE");

        String lines = acme.client().get().uri("/api/maintenance/logs/" + window.windowId() + "/events")
                .header("Accept", "application/x-ndjson").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("application/x-ndjson").expectBody(String.class)
                .returnResult().getResponseBody();
        assertThat(lines.strip().split("\n")).hasSize(6).allSatisfy(line -> assertThat(line).startsWith("{"));
    }

    @Test
    void aTenantsOwnWindow_isInItsLogOnly_andTheListIsNewestFirst_inPages() {
        String tenant = "paging-" + UUID.randomUUID().toString().substring(0, 8);
        Instant future = Instant.parse("2100-01-01T00:00:00Z");
        WindowScenario oldest = WindowScenario.tenant(tenant, "first", future);
        WindowScenario middle = WindowScenario.tenant(tenant, "second", future.plusSeconds(3600));
        WindowScenario newest = WindowScenario.tenant(tenant, "third", future.plusSeconds(7200));
        TestEvents.publish(oldest.records());
        TestEvents.publish(middle.records());
        TestEvents.publish(newest.records());
        AuditApi admin = AuditApi.as("admin", port);
        String base = "/api/maintenance/logs?tenantId=" + tenant;
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(admin.list(base + "&size=3"))
                .extracting(w -> w.get("windowId"))
                .containsExactly(newest.windowId(), middle.windowId(), oldest.windowId()));

        var firstPage = admin.client().get().uri(base + "&size=2").exchange().expectStatus().isOk()
                .expectHeader().exists("X-Total-Count").expectHeader().valueMatches("Link", ".*page=1.*rel=\"next\".*")
                .expectBodyList(Map.class).returnResult().getResponseBody();
        assertThat(firstPage).extracting(w -> w.get("windowId")).containsExactly(newest.windowId(),
                middle.windowId());
        assertThat(admin.list(base + "&size=2&page=1")).first().extracting(w -> w.get("windowId"))
                .isEqualTo(oldest.windowId());
        assertThat(admin.list(base + "&size=3")).allSatisfy(w -> assertThat(w).containsEntry("scope", "TENANT")
                .containsEntry("tenantId", tenant));

        // another tenant's log does not hold it
        assertThat(admin.list("/api/maintenance/logs?tenantId=acme&size=100")).extracting(w -> w.get("windowId"))
                .doesNotContain(oldest.windowId(), middle.windowId(), newest.windowId());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static List<Object> ids(Map<String, Object> log, String list, String field) {
        return ((List<?>) log.get(list)).stream().map(e -> ((Map<?, ?>) e).get(field)).map(Object.class::cast)
                .toList();
    }
}
