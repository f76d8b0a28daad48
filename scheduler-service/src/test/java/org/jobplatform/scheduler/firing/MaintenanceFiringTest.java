package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.contracts.TriggerExecutionRecorded;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.Executions.Row;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.Phases;
import org.jobplatform.scheduler.support.SchedulerServiceTest;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerService;
import org.jobplatform.starter.phase.PhaseView;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Triggers in maintenance windows, in simulated time: every execution due in a window is recorded SKIPPED with
 * the window (and published), SKIP never replays, RUN_ONCE_AFTER_MAINTENANCE runs once after the end, exempt
 * triggers keep firing, a tenant's window touches only its own triggers, and a scheduler that falls behind treats
 * late times as misfires.
 */
@SchedulerServiceTest
class MaintenanceFiringTest {

    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);
    private static final String EVERY_TWO_SECONDS = "*/2 * * * * *";

    @Autowired
    TriggerService triggers;
    @Autowired
    DatabaseClient db;
    @Autowired
    PhaseView view;

    Steps steps;

    @BeforeEach
    void steps() {
        steps = new Steps(triggers, db, MutableClock.MAIN);
        // whatever earlier tests left due is recorded before this test's clock moves
        Executions.settle(db, MutableClock.MAIN.instant());
    }

    private List<Row> rows(Trigger t) {
        return Executions.rows(db, t.id());
    }

    /** Times two seconds apart, each recorded once, with no gap from the first to the last. */
    private static void everyTimeOnce(List<Row> rows, int count) {
        assertThat(rows).hasSize(count);
        for (int i = 1; i < rows.size(); i++) {
            assertThat(Duration.between(rows.get(i - 1).scheduledAt(), rows.get(i).scheduledAt())).isEqualTo(TWO_SECONDS);
        }
    }

    @Test
    void aTwoSecondCronTrigger_firesBeforeTheWindow_skipsEveryTimeInIt_firesAfter_andNeverReplays() {
        String tenant = Steps.newTenant();
        Trigger skip = steps.cron(tenant, "skip", EVERY_TWO_SECONDS, null, null, false);
        Trigger once = steps.cron(tenant, "once", EVERY_TWO_SECONDS, null, "RUN_ONCE_AFTER_MAINTENANCE", false);
        Trigger exempt = steps.cron(tenant, "exempt", EVERY_TWO_SECONDS, null, null, true);
        try {
            steps.advance(TWO_SECONDS, 3);
            Instant windowStart = MutableClock.MAIN.instant();
            String window = Phases.start(Scope.tenant(tenant), Phase.DRAINING, view);
            steps.advance(TWO_SECONDS, 3);
            Phases.start(Scope.tenant(tenant), Phase.SUSPENDED, view);
            steps.advance(TWO_SECONDS, 2);
            Instant windowEnd = MutableClock.MAIN.instant();
            Phases.end(Scope.tenant(tenant), view);
            await().atMost(Duration.ofSeconds(30)).until(() -> rows(once).stream()
                    .anyMatch(r -> r.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE));
            steps.advance(TWO_SECONDS, 3);

            List<Row> skipRows = rows(skip);
            everyTimeOnce(skipRows, 11);
            for (Row r : skipRows) {
                boolean inWindow = r.scheduledAt().isAfter(windowStart) && !r.scheduledAt().isAfter(windowEnd);
                assertThat(r.outcome()).as(r.scheduledAt().toString())
                        .isEqualTo(inWindow ? ExecutionOutcome.SKIPPED : ExecutionOutcome.FIRED);
                assertThat(r.windowId()).isEqualTo(inWindow ? window : null);
            }
            List<Row> onceRows = rows(once);
            everyTimeOnce(onceRows, 11);
            Instant lastInWindow = onceRows.stream().map(Row::scheduledAt).filter(t -> !t.isAfter(windowEnd))
                    .max(Instant::compareTo).orElseThrow();
            assertThat(onceRows).filteredOn(r -> r.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE)
                    .singleElement().satisfies(r -> {
                        assertThat(r.scheduledAt()).isEqualTo(lastInWindow);
                        assertThat(r.windowId()).isEqualTo(window);
                    });
            assertThat(onceRows).filteredOn(r -> r.outcome() == ExecutionOutcome.SKIPPED).hasSize(4);
            List<Row> exemptRows = rows(exempt);
            everyTimeOnce(exemptRows, 11);
            assertThat(exemptRows).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));

            Executions.published(db);
            Map<String, Long> requests = Executions.requests(List.of(skip.id(), once.id(), exempt.id())).stream()
                    .map(Executions.Request::request)
                    .collect(Collectors.groupingBy(r -> r.triggerId(), Collectors.counting()));
            assertThat(requests).containsEntry(skip.id(), 6L).containsEntry(once.id(), 7L)
                    .containsEntry(exempt.id(), 11L);
            Map<String, TriggerExecutionRecorded> latest = Executions.events(List.of(skip.id(), once.id(), exempt.id()))
                    .stream().collect(Collectors.toMap(TriggerExecutionRecorded::executionId, Function.identity(),
                            (a, b) -> b));
            for (Row r : concat(skipRows, onceRows, exemptRows)) {
                assertThat(latest.get(r.executionId())).as(r.toString()).satisfies(e -> {
                    assertThat(e.outcome()).isEqualTo(r.outcome());
                    assertThat(e.windowId()).isEqualTo(r.windowId());
                    assertThat(e.scheduledAt()).isEqualTo(r.scheduledAt());
                    assertThat(e.tenantId()).isEqualTo(tenant);
                });
            }
        } finally {
            Phases.end(Scope.tenant(tenant), view);
            steps.delete(skip, once, exempt);
        }
    }

    @SafeVarargs
    private static List<Row> concat(List<Row>... lists) {
        return java.util.Arrays.stream(lists).flatMap(List::stream).toList();
    }

    @Test
    void aTenantsWindow_skipsOnlyThatTenantsTriggers() {
        String inWindow = Steps.newTenant();
        String other = Steps.newTenant();
        Trigger paused = steps.cron(inWindow, "paused", EVERY_TWO_SECONDS, null, null, false);
        Trigger firing = steps.cron(other, "firing", EVERY_TWO_SECONDS, null, null, false);
        try {
            String window = Phases.start(Scope.tenant(inWindow), Phase.DRAINING, view);
            steps.advance(TWO_SECONDS, 3);
            assertThat(rows(paused)).hasSize(3).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED);
                assertThat(r.windowId()).isEqualTo(window);
            });
            assertThat(rows(firing)).hasSize(3)
                    .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.FIRED));
        } finally {
            Phases.end(Scope.tenant(inWindow), view);
            steps.delete(paused, firing);
        }
    }

    @Test
    void timesMoreThanTheMisfireThresholdLate_areMisfires_skippedUnderSkip_andRunOnceUnderRunOnce() {
        String tenant = Steps.newTenant();
        Trigger skip = steps.cron(tenant, "skip", EVERY_TWO_SECONDS, null, null, false);
        Trigger once = steps.cron(tenant, "once", EVERY_TWO_SECONDS, null, "RUN_ONCE_AFTER_MAINTENANCE", false);
        try {
            // the scheduler sees 20 s at once, as after a pause or a downtime; the threshold is 5 s
            steps.advance(Duration.ofSeconds(20), 1);
            Instant now = MutableClock.MAIN.instant();
            List<Row> skipRows = rows(skip);
            everyTimeOnce(skipRows, 10);
            assertThat(skipRows).allSatisfy(r -> {
                boolean late = Duration.between(r.scheduledAt(), now).compareTo(Duration.ofSeconds(5)) > 0;
                assertThat(r.outcome()).isEqualTo(late ? ExecutionOutcome.SKIPPED : ExecutionOutcome.FIRED);
                assertThat(r.windowId()).isNull();
            });
            List<Row> onceRows = rows(once);
            everyTimeOnce(onceRows, 10);
            assertThat(onceRows).filteredOn(r -> r.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE).hasSize(1);
            assertThat(onceRows).filteredOn(r -> r.outcome() == ExecutionOutcome.FIRED).hasSize(3);
        } finally {
            steps.delete(skip, once);
        }
    }
}
