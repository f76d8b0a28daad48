package org.jobplatform.contracts;

import java.time.Instant;

/**
 * An execution of a trigger was recorded or changed its outcome (fired, skipped, run after maintenance,
 * backfilled), or its job became known. Published by scheduler-service on {@code scheduler.executions.v1}, keyed by
 * tenant, in the transaction that records it. The latest event of an execution id is its current state.
 *
 * @param executionId the execution (one per trigger and scheduled time)
 * @param triggerId   the trigger
 * @param triggerName the trigger's name
 * @param tenantId    the trigger's tenant
 * @param processName the automation the trigger starts
 * @param scheduledAt the execution's scheduled time
 * @param outcome     what became of it
 * @param jobId       the job job-service created for it, or {@code null} (not yet known, or none)
 * @param windowId    the maintenance window it was skipped in, or {@code null}
 * @param at          when this was recorded
 */
public record TriggerExecutionRecorded(String executionId, String triggerId, String triggerName, String tenantId,
        String processName, Instant scheduledAt, ExecutionOutcome outcome, String jobId, String windowId,
        Instant at) {
}
