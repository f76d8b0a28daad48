package org.jobplatform.contracts;

import java.time.Instant;

/**
 * job-service created the job a trigger asked for. Published on {@code jobs.events.v1}, keyed by tenant, in the same
 * transaction as the job.
 *
 * @param requestId   the request
 * @param triggerId   the trigger
 * @param tenantId    the tenant
 * @param jobId       the job created
 * @param scheduledAt the execution's scheduled time
 * @param at          when the job was created
 */
public record JobRequestAccepted(String requestId, String triggerId, String tenantId, String jobId,
        Instant scheduledAt, Instant at) {
}
