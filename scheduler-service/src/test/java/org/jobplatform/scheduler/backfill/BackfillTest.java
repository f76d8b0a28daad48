package org.jobplatform.scheduler.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.Phases;
import org.jobplatform.scheduler.support.SchedulerServiceTest;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.scheduler.triggers.TriggerService;
import org.jobplatform.starter.phase.PhaseView;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Backfill runs a window's skipped executions once each, after the window; a second call runs nothing. */
@SchedulerServiceTest
class BackfillTest {

    private static final String TENANT = "umbrella";

    @LocalServerPort
    int port;
    @Autowired
    TriggerService triggers;
    @Autowired
    DatabaseClient db;
    @Autowired
    PhaseView view;

    private WebTestClient as(String user) {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30))
                .defaultHeaders(h -> h.setBasicAuth(user, user)).build();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> backfill(String user, String id, String window) {
        return as(user).post().uri("/api/triggers/" + id + "/backfill?windowId=" + window).exchange().expectStatus()
                .isOk().expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    @SuppressWarnings("unchecked")
    void backfill_runsTheWindowsSkippedExecutionsOnceEach_asBackfilled_andASecondCallRunsNothing() {
        Steps steps = new Steps(triggers, db, MutableClock.MAIN);
        Executions.settle(db, MutableClock.MAIN.instant());
        String id = (String) as(TENANT).post().uri("/api/triggers").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"name\":\"reports\",\"processName\":\"reports\",\"type\":\"CRON\","
                        + "\"cron\":\"*/2 * * * * *\"}")
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody()
                .get("id");
        try {
            steps.advance(Duration.ofSeconds(2), 1);
            String window = Phases.start(Scope.tenant(TENANT), Phase.DRAINING, view);
            steps.advance(Duration.ofSeconds(2), 3);
            // in the window: the gate refuses the tenant, and a host admin is told to wait for the end
            as(TENANT).post().uri("/api/triggers/" + id + "/backfill?windowId=" + window).exchange().expectStatus()
                    .isEqualTo(503);
            as("admin").post().uri("/api/triggers/" + id + "/backfill?windowId=" + window).exchange().expectStatus()
                    .isEqualTo(409).expectBody().jsonPath("$.windowId").isEqualTo(window);
            Phases.end(Scope.tenant(TENANT), view);
            as(TENANT).post().uri("/api/triggers/" + id + "/backfill").exchange().expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.detail").value(d -> assertThat((String) d).contains("windowId is required"));

            Map<String, Object> first = backfill(TENANT, id, window);
            List<Map<String, Object>> run = (List<Map<String, Object>>) first.get("executions");
            assertThat(run).hasSize(3).allSatisfy(e -> {
                assertThat(e).containsEntry("outcome", "BACKFILLED");
                assertThat(e).containsEntry("windowId", window);
            });
            Map<String, Object> second = backfill(TENANT, id, window);
            assertThat((List<Object>) second.get("executions")).isEmpty();

            List<Executions.Row> rows = Executions.rows(db, id);
            assertThat(rows).extracting(Executions.Row::outcome).containsExactly(ExecutionOutcome.FIRED,
                    ExecutionOutcome.BACKFILLED, ExecutionOutcome.BACKFILLED, ExecutionOutcome.BACKFILLED);
            Executions.published(db);
            List<Executions.Request> requests = Executions.requests(List.of(id));
            assertThat(requests).hasSize(4);
            Set<String> backfilledTimes = rows.stream().filter(r -> r.outcome() == ExecutionOutcome.BACKFILLED)
                    .map(r -> r.scheduledAt().toString()).collect(Collectors.toSet());
            assertThat(requests.stream().filter(r -> backfilledTimes.contains(r.request().scheduledAt().toString()))
                    .map(r -> r.request().requestId()).distinct()).hasSize(3);
            as(TENANT).get().uri("/api/triggers/" + id + "/executions").exchange().expectStatus().isOk().expectBody()
                    .jsonPath("$.length()").isEqualTo(4).jsonPath("$[0].outcome").isEqualTo("BACKFILLED")
                    .jsonPath("$[3].outcome").isEqualTo("FIRED");
        } finally {
            Phases.end(Scope.tenant(TENANT), view);
            as(TENANT).delete().uri("/api/triggers/" + id).exchange().expectStatus().isNoContent();
        }
    }
}
