package org.jobplatform.contracts;

import java.time.Instant;

/**
 * job-service refused a trigger's job request because the tenant was in maintenance when it arrived (the race at a
 * window's start); the scheduler and the audit record the execution as skipped. Published on
 * {@code jobs.events.v1}, keyed by tenant.
 *
 * @param requestId   the request
 * @param triggerId   the trigger
 * @param tenantId    the tenant
 * @param processName the automation it asked for
 * @param scheduledAt the execution's scheduled time
 * @param phase       the tenant's effective phase
 * @param windowId    the maintenance window
 * @param at          when it was refused
 */
public record JobRequestRefused(String requestId, String triggerId, String tenantId, String processName,
        Instant scheduledAt, Phase phase, String windowId, Instant at) {
}
