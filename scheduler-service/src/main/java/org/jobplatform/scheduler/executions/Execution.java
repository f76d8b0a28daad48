package org.jobplatform.scheduler.executions;

import java.time.Instant;

import org.jobplatform.contracts.ExecutionOutcome;

/**
 * One execution of a trigger: one scheduled time and what became of it.
 *
 * @param id          the execution
 * @param triggerId   its trigger
 * @param tenantId    the trigger's tenant
 * @param scheduledAt its scheduled time (unique per trigger)
 * @param outcome     what became of it
 * @param requestId   the last job request sent for it, or {@code null} when none was sent
 * @param jobId       the job created for it, or {@code null}
 * @param windowId    the maintenance window it was skipped in, or {@code null}
 * @param recordedAt  when its outcome was last recorded
 */
public record Execution(String id, String triggerId, String tenantId, Instant scheduledAt, ExecutionOutcome outcome,
        String requestId, String jobId, String windowId, Instant recordedAt) {

    /** The same execution with a new outcome, request and time. */
    public Execution with(ExecutionOutcome newOutcome, String newRequestId, Instant at) {
        return new Execution(id, triggerId, tenantId, scheduledAt, newOutcome, newRequestId, jobId, windowId, at);
    }
}
