package org.jobplatform.scheduler.firing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.contracts.MaintenancePhaseChanged;
import org.jobplatform.contracts.Phase;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.triggers.MisfirePolicy;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.scheduler.triggers.TriggerType;
import org.jobplatform.starter.phase.EffectiveState;
import org.junit.jupiter.api.Test;

/** The misfire policy and maintenance rules of one firing pass, without Spring, broker or database. */
class FiringPlanTest {

    private static final Instant T0 = Instant.parse("2026-05-01T10:00:00Z");
    private static final Duration THRESHOLD = Duration.ofSeconds(5);

    private static Trigger everyTwoSeconds(MisfirePolicy policy, boolean exempt) {
        return new Trigger(UUID.randomUUID().toString(), "acme", "t", "invoices", null, null, TriggerType.INTERVAL,
                null, null, 2L, "UTC", policy, exempt, true, T0, T0.plusSeconds(2), null);
    }

    private static EffectiveState draining(String window) {
        MaintenancePhaseChanged change = new MaintenancePhaseChanged("tenant:acme", "acme", Phase.DRAINING,
                Phase.NONE, 1, window, T0, "admin", "test", false, false, null, null, false, T0);
        return new EffectiveState(Phase.DRAINING, change);
    }

    private static List<ExecutionOutcome> outcomes(FiringPlan.Decision d) {
        return d.executions().stream().map(Execution::outcome).toList();
    }

    @Test
    void outsideMaintenance_eachDueTimeWithinTheThreshold_fires_withARequest() {
        FiringPlan.Decision d = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.SKIP, false), T0.plusSeconds(4),
                EffectiveState.NONE, THRESHOLD, 100);
        assertThat(outcomes(d)).containsExactly(ExecutionOutcome.FIRED, ExecutionOutcome.FIRED);
        assertThat(d.executions()).allSatisfy(e -> assertThat(e.requestId()).isNotNull());
        assertThat(d.trigger().nextFireAt()).isEqualTo(T0.plusSeconds(6));
    }

    @Test
    void inMaintenance_everyDueTimeIsSkippedWithTheWindow_andNoRequestIsSent() {
        FiringPlan.Decision d = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.SKIP, false), T0.plusSeconds(6),
                draining("w1"), THRESHOLD, 100);
        assertThat(outcomes(d)).containsOnly(ExecutionOutcome.SKIPPED).hasSize(3);
        assertThat(d.executions()).allSatisfy(e -> {
            assertThat(e.windowId()).isEqualTo("w1");
            assertThat(e.requestId()).isNull();
        });
        assertThat(d.trigger().pendingExecutionId()).isNull();
    }

    @Test
    void anExemptTrigger_firesInMaintenance() {
        FiringPlan.Decision d = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.SKIP, true), T0.plusSeconds(2),
                draining("w1"), THRESHOLD, 100);
        assertThat(outcomes(d)).containsExactly(ExecutionOutcome.FIRED);
    }

    @Test
    void runOnce_keepsTheLatestSkippedExecutionPending_andRunsItOnceAfterTheEnd() {
        FiringPlan.Decision inWindow = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE,
                false), T0.plusSeconds(6), draining("w1"), THRESHOLD, 100);
        String latest = inWindow.executions().get(2).id();
        assertThat(inWindow.trigger().pendingExecutionId()).isEqualTo(latest);
        assertThat(inWindow.runPending()).isNull();

        FiringPlan.Decision afterEnd = FiringPlan.decide(inWindow.trigger(), T0.plusSeconds(7), EffectiveState.NONE,
                THRESHOLD, 100);
        assertThat(afterEnd.executions()).isEmpty();
        assertThat(afterEnd.runPending()).isEqualTo(latest);
        assertThat(afterEnd.trigger().pendingExecutionId()).isNull();

        FiringPlan.Decision later = FiringPlan.decide(afterEnd.trigger(), T0.plusSeconds(8), EffectiveState.NONE,
                THRESHOLD, 100);
        assertThat(later.runPending()).isNull();
        assertThat(outcomes(later)).containsExactly(ExecutionOutcome.FIRED);
    }

    @Test
    void skip_neverReplays_whatWasMissedInMaintenance() {
        FiringPlan.Decision inWindow = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.SKIP, false), T0.plusSeconds(6),
                draining("w1"), THRESHOLD, 100);
        FiringPlan.Decision afterEnd = FiringPlan.decide(inWindow.trigger(), T0.plusSeconds(8), EffectiveState.NONE,
                THRESHOLD, 100);
        assertThat(afterEnd.runPending()).isNull();
        assertThat(outcomes(afterEnd)).containsExactly(ExecutionOutcome.FIRED);
        assertThat(afterEnd.executions().get(0).scheduledAt()).isEqualTo(T0.plusSeconds(8));
    }

    @Test
    void timesMissedWhileTheSchedulerWasDown_areSkippedWithoutAWindow_underSkip() {
        FiringPlan.Decision d = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.SKIP, false), T0.plusSeconds(20),
                EffectiveState.NONE, THRESHOLD, 100);
        // 2..14 are more than 5 s late; 16, 18, 20 are not
        assertThat(d.executions()).filteredOn(e -> e.outcome() == ExecutionOutcome.SKIPPED).hasSize(7)
                .allSatisfy(e -> assertThat(e.windowId()).isNull());
        assertThat(d.executions()).filteredOn(e -> e.outcome() == ExecutionOutcome.FIRED).extracting(
                Execution::scheduledAt).containsExactly(T0.plusSeconds(16), T0.plusSeconds(18), T0.plusSeconds(20));
    }

    @Test
    void timesMissedWhileTheSchedulerWasDown_runTheLatestOnce_underRunOnce() {
        FiringPlan.Decision d = FiringPlan.decide(everyTwoSeconds(MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE, false),
                T0.plusSeconds(20), EffectiveState.NONE, THRESHOLD, 100);
        assertThat(d.executions()).filteredOn(e -> e.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE)
                .singleElement().satisfies(e -> {
                    assertThat(e.scheduledAt()).isEqualTo(T0.plusSeconds(14));
                    assertThat(e.requestId()).isNotNull();
                });
        assertThat(d.executions()).filteredOn(e -> e.outcome() == ExecutionOutcome.SKIPPED).hasSize(6);
        assertThat(d.trigger().pendingExecutionId()).isNull();
    }

    @Test
    void aTriggerFarBehind_recordsABoundedNumberPerPass_andRunsItsCatchUpOnlyOnceCaughtUp() {
        Trigger trigger = everyTwoSeconds(MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE, false);
        FiringPlan.Decision first = FiringPlan.decide(trigger, T0.plusSeconds(100), EffectiveState.NONE, THRESHOLD, 10);
        assertThat(outcomes(first)).hasSize(10).containsOnly(ExecutionOutcome.SKIPPED);
        assertThat(first.trigger().pendingExecutionId()).isEqualTo(first.executions().get(9).id());
        FiringPlan.Decision rest = first;
        int runs = 0;
        while (rest.trigger().nextFireAt().isBefore(T0.plusSeconds(100)) || rest == first) {
            rest = FiringPlan.decide(rest.trigger(), T0.plusSeconds(100), EffectiveState.NONE, THRESHOLD, 10);
            runs += (int) rest.executions().stream()
                    .filter(e -> e.outcome() == ExecutionOutcome.RUN_AFTER_MAINTENANCE).count();
        }
        assertThat(runs).isEqualTo(1);
        assertThat(rest.trigger().pendingExecutionId()).isNull();
    }

    @Test
    void aOnceTrigger_hasNoNextTimeAfterItsMoment() {
        Trigger once = new Trigger(UUID.randomUUID().toString(), "acme", "t", "invoices", null, null, TriggerType.ONCE,
                null, T0.plusSeconds(3), null, "UTC", MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE, false, true, T0,
                T0.plusSeconds(3), null);
        FiringPlan.Decision d = FiringPlan.decide(once, T0.plusSeconds(4), EffectiveState.NONE, THRESHOLD, 100);
        assertThat(outcomes(d)).containsExactly(ExecutionOutcome.FIRED);
        assertThat(d.trigger().nextFireAt()).isNull();
    }
}
