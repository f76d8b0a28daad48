package org.jobplatform.contracts;

import java.time.Instant;

/**
 * A robot reported the state of a job it runs. Published by robot-gateway on {@code robots.reports.v1}, keyed
 * by job.
 *
 * @param jobId    the job
 * @param robotId  the robot
 * @param tenantId the robot's tenant
 * @param state    the state the robot reports
 * @param message  the robot's message, or {@code null}
 * @param at       when the gateway received it
 */
public record JobStateReported(String jobId, String robotId, String tenantId, JobState state, String message,
        Instant at) {
}
