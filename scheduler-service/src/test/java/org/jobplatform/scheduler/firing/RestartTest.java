package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.Phase;
import org.jobplatform.contracts.Scope;
import org.jobplatform.scheduler.support.Executions;
import org.jobplatform.scheduler.support.Executions.Row;
import org.jobplatform.scheduler.support.MutableClock;
import org.jobplatform.scheduler.support.Phases;
import org.jobplatform.scheduler.support.SchedulerInstance;
import org.jobplatform.scheduler.support.Steps;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.testsupport.UsesSharedInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * A scheduler restarted during a window reads the phase before it fires and keeps skipping; one restarted after
 * the window does not replay what it missed (SKIP) or runs it once (RUN_ONCE_AFTER_MAINTENANCE). Each instance is
 * a Spring context of its own on the same schema, started and closed by the test.
 */
@UsesSharedInfrastructure
class RestartTest {

    private static final String SCHEMA = "scheduler_restart";
    private static final Duration TWO_SECONDS = Duration.ofSeconds(2);

    private static boolean between(Instant t, Instant after, Instant upTo) {
        return t.isAfter(after) && !t.isAfter(upTo);
    }

    @Test
    void restartedDuringTheWindow_keepsSkipping_andRestartedAfterIt_doesNotReplay() {
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T08:00:00Z"));
        String tenant = Steps.newTenant();
        Scope scope = Scope.tenant(tenant);
        Trigger skip;
        Trigger once;
        Instant windowStart;
        Instant downInWindow;
        Instant windowEnd;
        Instant downAfter;
        String window;
        try (SchedulerInstance first = SchedulerInstance.start(SCHEMA, clock)) {
            Steps steps = new Steps(first.triggers(), first.db(), clock);
            skip = steps.cron(tenant, "skip", "*/2 * * * * *", null, null, false);
            once = steps.cron(tenant, "once", "*/2 * * * * *", null, "RUN_ONCE_AFTER_MAINTENANCE", false);
            steps.advance(TWO_SECONDS, 2);
            windowStart = clock.instant();
            window = Phases.start(scope, Phase.DRAINING, first.view());
            steps.advance(TWO_SECONDS, 2);
            downInWindow = clock.instant();
        }
        // down for 10 s in the window, then a new instance
        clock.advance(Duration.ofSeconds(10));
        try (SchedulerInstance second = SchedulerInstance.start(SCHEMA, clock)) {
            Steps steps = new Steps(second.triggers(), second.db(), clock);
            Executions.settle(second.db(), clock.instant());
            steps.advance(TWO_SECONDS, 2);
            windowEnd = clock.instant();
            List<Row> rows = Executions.rows(second.db(), skip.id());
            assertThat(rows).filteredOn(r -> r.scheduledAt().isAfter(windowStart)).hasSize(9).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED);
                assertThat(r.windowId()).isEqualTo(window);
            });
            assertThat(Executions.rows(second.db(), once.id())).filteredOn(r -> r.scheduledAt().isAfter(windowStart))
                    .hasSize(9).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(ExecutionOutcome.SKIPPED));
        }
        // the window ends while no scheduler runs; the next one starts 20 s later
        Phases.end(scope);
        clock.advance(Duration.ofSeconds(20));
        downAfter = clock.instant();
        try (SchedulerInstance third = SchedulerInstance.start(SCHEMA, clock)) {
            Steps steps = new Steps(third.triggers(), third.db(), clock);
            Executions.settle(third.db(), clock.instant());
            await().atMost(Duration.ofSeconds(30)).until(() -> Executions.rows(third.db(), once.id()).stream()
                    .anyMatch(r -> r.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE));
            steps.advance(TWO_SECONDS, 2);

            List<Row> skipRows = Executions.rows(third.db(), skip.id());
            assertThat(skipRows).hasSize(2 + 9 + 10 + 2);
            for (Row r : skipRows) {
                ExecutionOutcome expected = between(r.scheduledAt(), windowStart, windowEnd)
                        || between(r.scheduledAt(), windowEnd, downAfter.minusSeconds(5))
                        ? ExecutionOutcome.SKIPPED : ExecutionOutcome.FIRED;
                assertThat(r.outcome()).as(r.toString()).isEqualTo(expected);
            }
            // nothing is replayed: after the window only the last 5 s before the restart and what followed fired
            assertThat(skipRows).filteredOn(r -> r.scheduledAt().isAfter(windowEnd)
                    && r.outcome() == ExecutionOutcome.FIRED).hasSize(3 + 2);
            List<Row> onceRows = Executions.rows(third.db(), once.id());
            assertThat(onceRows).filteredOn(r -> r.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE).singleElement()
                    .satisfies(r -> assertThat(r.scheduledAt()).isBetween(windowEnd, downAfter));
            assertThat(downInWindow).isBefore(windowEnd);
            steps.delete(skip, once);
        }
    }
}
