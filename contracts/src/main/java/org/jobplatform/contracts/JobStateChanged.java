package org.jobplatform.contracts;

import java.time.Instant;

/**
 * A job was created or changed state. Published by job-service on {@code jobs.events.v1}, keyed by tenant.
 *
 * @param jobId         the job
 * @param tenantId      its tenant
 * @param processName   the automation it runs
 * @param robotId       the robot it is assigned to, or {@code null}
 * @param state         the state after the change
 * @param previousState the state before, or {@code null} when the job was created
 * @param reason        {@code USER}, {@code ROBOT}, {@code SCHEDULE} or {@code MAINTENANCE}
 * @param windowId      the maintenance window that caused the change, or {@code null}
 * @param at            when the change was committed
 */
public record JobStateChanged(String jobId, String tenantId, String processName, String robotId, JobState state,
        JobState previousState, String reason, String windowId, Instant at) {
}
