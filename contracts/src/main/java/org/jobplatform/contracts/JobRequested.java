package org.jobplatform.contracts;

import java.time.Instant;

/**
 * A trigger fired and asks for a job. Published by scheduler-service on {@code scheduler.job-requests.v1}, keyed by
 * tenant. job-service answers each request once, by its id: {@link JobRequestAccepted} with the job, or
 * {@link JobRequestRefused} when the tenant is in maintenance.
 *
 * @param requestId      the request (a retry carries the same id)
 * @param triggerId      the trigger that fired
 * @param tenantId       the trigger's tenant
 * @param processName    the automation to run
 * @param robotId        a robot of the tenant, or {@code null} for any free one
 * @param inputArguments input arguments as JSON text, or {@code null}
 * @param scheduledAt    the execution's scheduled time
 * @param requestedAt    when the scheduler sent it
 * @param exempt         whether the trigger is exempt from maintenance (a system trigger): job-service accepts the
 *                       request in a window too; absent ({@code null}) in requests from before the field, read as not
 */
public record JobRequested(String requestId, String triggerId, String tenantId, String processName, String robotId,
        String inputArguments, Instant scheduledAt, Instant requestedAt, Boolean exempt) {

    /** Whether the trigger is exempt; a request without the field is not. */
    public boolean isExempt() {
        return Boolean.TRUE.equals(exempt);
    }
}
