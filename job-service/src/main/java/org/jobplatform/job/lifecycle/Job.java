package org.jobplatform.job.lifecycle;

import java.time.Instant;

import org.jobplatform.contracts.JobState;

/**
 * A job as stored and as the API shows it.
 *
 * @param id             the job
 * @param tenantId       its tenant
 * @param processName    the automation it runs
 * @param robotId        the robot it is assigned to, or {@code null}
 * @param inputArguments its input arguments as JSON text, or {@code null}
 * @param state          its state
 * @param reason         why it last changed: USER, ROBOT, SCHEDULE or MAINTENANCE
 * @param windowId       the maintenance window that caused the last change, or {@code null}
 * @param createdAt      when it was created
 * @param updatedAt      when it last changed
 */
public record Job(String id, String tenantId, String processName, String robotId, String inputArguments,
        JobState state, String reason, String windowId, Instant createdAt, Instant updatedAt) {

    /** The same job on a robot. */
    public Job withRobot(String robot) {
        return new Job(id, tenantId, processName, robot, inputArguments, state, reason, windowId, createdAt, updatedAt);
    }

    /** The same job in another state. */
    public Job moveTo(JobState next, String why, String window, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + " cannot go from " + state + " to " + next);
        }
        return new Job(id, tenantId, processName, robotId, inputArguments, next, why, window, createdAt, at);
    }
}
