package org.jobplatform.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.jobplatform.audit.ingest.LagMonitor;
import org.jobplatform.audit.support.AuditApi;
import org.jobplatform.audit.support.AuditServiceTest;
import org.jobplatform.audit.support.Database;
import org.jobplatform.audit.support.Lag;
import org.jobplatform.audit.support.TestEvents;
import org.jobplatform.audit.support.WindowScenario;
import org.jobplatform.contracts.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A replay rebuilds every log from the beginning of the topics into a new generation, compares it row by row with
 * the live one, and swaps it in: after the projection was deleted it restores the same logs, and a row tampered with
 * shows up in its report and is repaired. One replay at a time.
 */
@AuditServiceTest
class ReplayTest {

    private static final ParameterizedTypeReference<Map<String, Object>> MAP = new ParameterizedTypeReference<>() {
    };

    @LocalServerPort
    int port;

    @Autowired
    LagMonitor lag;

    WebTestClient admin;
    AuditApi acme;
    WindowScenario window;
    String jobId;

    @BeforeEach
    void window() {
        admin = AuditApi.as("admin", port).client();
        acme = AuditApi.as("acme", port);
        jobId = UUID.randomUUID().toString();
        window = WindowScenario.host("replayed").stoppedJob("acme", jobId, "invoices", "robot-1")
                .killedPendingJob("globex", UUID.randomUUID().toString(), "billing")
                .skippedExecution("acme", "replayed-trigger", "nightly", Instant.now().plusSeconds(30));
        TestEvents.publish(window.records());
        acme.awaitWindow(path(), 1, 0, 1);
        Lag.awaitNone(lag);
        // what other tests did behind the consumers' back (dead-lettered batches) is repaired first
        replay();
    }

    private String path() {
        return "/api/maintenance/logs/" + window.windowId();
    }

    /** Runs a replay to its end while reading the live log all along; answers its final report. */
    private Map<String, Object> replay() {
        var started = admin.post().uri("/api/admin/audit/replay").exchange().expectStatus().isAccepted()
                .expectHeader().exists("Location").expectBody(MAP).returnResult();
        String location = started.getResponseHeaders().getLocation().toString();
        assertThat(started.getResponseBody()).containsEntry("state", "READING");
        AtomicReference<Map<String, Object>> report = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            // the live API keeps answering during the replay
            acme.client().get().uri(path()).exchange().expectStatus().isOk();
            Map<String, Object> now = admin.get().uri(location).exchange().expectStatus().isOk().expectBody(MAP)
                    .returnResult().getResponseBody();
            report.set(now);
            assertThat(now.get("state")).isIn("SWAPPED", "FAILED");
        });
        assertThat(report.get()).containsEntry("state", "SWAPPED").containsEntry("error", null)
                .containsEntry("liveBehind", 0);
        return report.get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> comparison(Map<String, Object> report) {
        return (Map<String, Object>) report.get("comparison");
    }

    @Test
    void aReplayOfUnchangedLogs_findsThemEqual_andReportsItsProgressPerTopic() {
        Map<String, Object> report = replay();
        assertThat(comparison(report)).containsEntry("equal", true).containsEntry("differences", 0);
        assertThat(((Number) report.get("eventsRead")).longValue()).isPositive();
        assertThat(report).containsEntry("complete", true);
        assertThat((List<Map<String, Object>>) report.get("topics")).extracting(t -> t.get("topic"))
                .containsExactlyInAnyOrder(Topics.PHASE_CHANGES, Topics.JOB_EVENTS, Topics.SCHEDULER_EXECUTIONS);
        assertThat((List<Map<String, Object>>) report.get("topics"))
                .allSatisfy(t -> assertThat(t.get("position")).isEqualTo(t.get("endOffset")));
        admin.get().uri("/api/admin/audit/replay").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.id").isEqualTo(report.get("id"));
        admin.get().uri("/actuator/prometheus").exchange().expectStatus().isOk().expectBody(String.class)
                .value(metrics -> assertThat(metrics)
                        .contains("audit_events_processed_total{", "topic=\"jobs.events.v1\"")
                        .contains("audit_consumer_lag{").contains("audit_replay_duration_seconds_count{")
                        .contains("audit_replay_progress").contains("audit_replay_differences"));
    }

    @Test
    void aReplayAfterTheProjectionWasDeleted_restoresLogsEqualToTheLiveOnes() {
        Map<String, Object> acmeBefore = acme.window(path());
        Map<String, Object> globexBefore = AuditApi.as("globex", port).window(path());
        List<Map<String, Object>> listBefore = acme.list("/api/maintenance/logs?size=100");
        for (String table : List.of("audit_tenant", "audit_phase", "audit_window", "audit_job", "audit_skip")) {
            Database.execute("delete from " + table + " where generation = (select generation from audit_live)");
        }
        acme.client().get().uri(path()).exchange().expectStatus().isNotFound();

        Map<String, Object> report = replay();

        assertThat(comparison(report)).containsEntry("equal", false);
        assertThat(acme.window(path())).isEqualTo(acmeBefore);
        assertThat(AuditApi.as("globex", port).window(path())).isEqualTo(globexBefore);
        assertThat(acme.list("/api/maintenance/logs?size=100")).isEqualTo(listBefore);
        assertThat(comparison(replay())).containsEntry("equal", true);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLiveRowTamperedWith_isReportedByTheReplay_andRepaired() {
        Database.execute("update audit_job set process_name = 'tampered' where job_id = '" + jobId
                + "' and generation = (select generation from audit_live)");
        assertThat(acme.window(path()).get("jobsStopped").toString()).contains("tampered");

        Map<String, Object> comparison = comparison(replay());

        assertThat(comparison).containsEntry("equal", false).containsEntry("differences", 1);
        assertThat((Map<String, Object>) comparison.get("byTable")).containsEntry("jobs", 1)
                .containsEntry("windows", 0);
        assertThat((List<Map<String, Object>>) comparison.get("listed")).singleElement().satisfies(difference -> {
            assertThat(difference).containsEntry("table", "jobs").containsEntry("key", Map.of("job_id", jobId));
            assertThat((Map<String, Object>) difference.get("live")).containsEntry("process_name", "tampered");
            assertThat((Map<String, Object>) difference.get("rebuilt")).containsEntry("process_name", "invoices");
        });
        assertThat(acme.window(path()).get("jobsStopped").toString()).contains("invoices")
                .doesNotContain("tampered");
    }

    @Test
    void aReplayAskedForWhileAnotherIsUnfinished_isRefusedWithAConflict_unlessTheOtherWasAbandoned() {
        String running = UUID.randomUUID().toString();
        Database.execute("insert into audit_replay (replay_id, requested_by, state, generation, started_at, "
                + "updated_at, report) values ('" + running + "', 'other-instance', 'READING', 0, now(), now(), "
                + "'{\"id\": \"" + running + "\", \"state\": \"READING\"}')");
        try {
            admin.post().uri("/api/admin/audit/replay").exchange().expectStatus().isEqualTo(409).expectBody()
                    .jsonPath("$.replayId").isEqualTo(running).jsonPath("$.state").isEqualTo("READING");

            // an instance that stopped reporting progress long ago no longer holds the replay up
            Database.execute("update audit_replay set updated_at = now() - interval '1 hour' where replay_id = '"
                    + running + "'");
            replay();
            admin.get().uri("/api/admin/audit/replay/" + running).exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.state").isEqualTo("FAILED").jsonPath("$.error").value(error -> assertThat(
                            (String) error).startsWith("abandoned"));
        } finally {
            Database.execute("delete from audit_replay where replay_id = '" + running + "'");
        }
    }
}
