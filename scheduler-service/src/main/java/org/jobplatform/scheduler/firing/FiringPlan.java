package org.jobplatform.scheduler.firing;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jobplatform.contracts.ExecutionOutcome;
import org.jobplatform.scheduler.executions.Execution;
import org.jobplatform.scheduler.triggers.MisfirePolicy;
import org.jobplatform.scheduler.triggers.Schedule;
import org.jobplatform.scheduler.triggers.Trigger;
import org.jobplatform.starter.phase.EffectiveState;

/**
 * What one pass does with one due trigger: which scheduled times it records and how, and what the trigger's next
 * time and pending execution become. Pure: the clock's "now" and the tenant's phase come in as arguments.
 * <ul>
 * <li>Tenant in maintenance (DRAINING or SUSPENDED) and trigger not exempt: every due time is recorded SKIPPED
 * with the window.</li>
 * <li>Otherwise a due time at most {@code misfireThreshold} old is FIRED; an older one was missed (the scheduler
 * was down or far behind) and is recorded SKIPPED without a window.</li>
 * <li>Misfire policy RUN_ONCE_AFTER_MAINTENANCE: the latest skipped execution stays pending on the trigger; once
 * the tenant is out of maintenance and the trigger has caught up with now, that one execution runs, as
 * RUN_AFTER_MAINTENANCE. SKIP never replays anything.</li>
 * </ul>
 */
public final class FiringPlan {

    /**
     * The outcome of a pass for one trigger.
     *
     * @param trigger    the trigger with its new next time and pending execution
     * @param executions new executions to record; those with a request id send a job request
     * @param runPending the id of an execution recorded SKIPPED earlier to run now as RUN_AFTER_MAINTENANCE, or
     *                   {@code null}
     */
    public record Decision(Trigger trigger, List<Execution> executions, String runPending) {
    }

    /** Decides a pass for a trigger that is due at {@code now} or has a pending execution. */
    public static Decision decide(Trigger trigger, Instant now, EffectiveState state, Duration misfireThreshold,
            int maxExecutions) {
        boolean paused = !trigger.exempt() && state.phase().refusesNewWork();
        boolean runOnce = trigger.misfirePolicy() == MisfirePolicy.RUN_ONCE_AFTER_MAINTENANCE;
        Schedule schedule = trigger.schedule();
        List<Execution> executions = new ArrayList<>();
        int lastMissed = -1;
        Instant next = trigger.nextFireAt();
        while (next != null && !next.isAfter(now) && executions.size() < maxExecutions) {
            String id = UUID.randomUUID().toString();
            if (paused) {
                executions.add(execution(trigger, id, next, ExecutionOutcome.SKIPPED, null, state.windowId(), now));
                lastMissed = executions.size() - 1;
            } else if (Duration.between(next, now).compareTo(misfireThreshold) > 0) {
                executions.add(execution(trigger, id, next, ExecutionOutcome.SKIPPED, null, null, now));
                lastMissed = executions.size() - 1;
            } else {
                executions.add(execution(trigger, id, next, ExecutionOutcome.FIRED, UUID.randomUUID().toString(),
                        null, now));
            }
            next = schedule.next(next);
        }
        boolean caughtUp = next == null || next.isAfter(now);
        String pending = trigger.pendingExecutionId();
        String runPending = null;
        if (runOnce) {
            if (!paused && caughtUp) {
                if (lastMissed >= 0) {
                    // missed while the scheduler was down: the latest of them runs now, instead of an older pending one
                    Execution missed = executions.get(lastMissed);
                    executions.set(lastMissed, missed.with(ExecutionOutcome.RUN_AFTER_MAINTENANCE,
                            UUID.randomUUID().toString(), now));
                } else {
                    runPending = pending;
                }
                pending = null;
            } else if (lastMissed >= 0) {
                pending = executions.get(lastMissed).id();
            }
        } else {
            pending = null;
        }
        return new Decision(trigger.advanced(next, pending), executions, runPending);
    }

    /**
     * The outcome of an execution prepared ahead of its time, from its slot's decision: SKIPPED with the window when
     * its tenant was in maintenance then (unless the trigger is exempt), SKIPPED without a window when the decision
     * came later than {@code misfireThreshold} after the time (no instance was there to take it), FIRED otherwise,
     * with the request id it was prepared with. A skipped execution of a RUN_ONCE_AFTER_MAINTENANCE trigger becomes
     * its pending one, run once the tenant is out of maintenance, as for executions recorded at their time.
     *
     * @param pausedWindow the window the tenant was in maintenance in when the slot was decided, or {@code null}
     */
    public static Execution staged(Trigger trigger, String executionId, Instant scheduledAt, String requestId,
            Instant decidedAt, String pausedWindow, Duration misfireThreshold) {
        if (pausedWindow != null && !trigger.exempt()) {
            return execution(trigger, executionId, scheduledAt, ExecutionOutcome.SKIPPED, null, pausedWindow,
                    decidedAt);
        }
        if (Duration.between(scheduledAt, decidedAt).compareTo(misfireThreshold) > 0) {
            return execution(trigger, executionId, scheduledAt, ExecutionOutcome.SKIPPED, null, null, decidedAt);
        }
        return execution(trigger, executionId, scheduledAt, ExecutionOutcome.FIRED, requestId, null, decidedAt);
    }

    private static Execution execution(Trigger trigger, String id, Instant scheduledAt, ExecutionOutcome outcome,
            String requestId, String windowId, Instant now) {
        return new Execution(id, trigger.id(), trigger.tenantId(), scheduledAt, outcome, requestId, null, windowId,
                now);
    }

    private FiringPlan() {
    }
}
