package org.jobplatform.job.lifecycle;

import java.time.Instant;

import org.jobplatform.contracts.JobState;

/**
 * A job as stored and as the API shows it.
 *
 * @param id             the job
 * @param tenantId       its tenant
 * @param processName    the automation it runs
 * @param robotId        the robot it is assigned to (named at creation or chosen at dispatch), or {@code null}
 * @param inputArguments its input arguments as JSON text, or {@code null}
 * @param state          its state
 * @param reason         why it last changed: USER, ROBOT, SCHEDULE, MAINTENANCE or RECONCILIATION
 * @param windowId       the maintenance window that caused the last change, or {@code null}
 * @param createdAt      when it was created
 * @param updatedAt      when it last changed
 * @param dispatchedAt   when its START was sent to its robot, or {@code null} while it waits for one
 */
public record Job(String id, String tenantId, String processName, String robotId, String inputArguments,
        JobState state, String reason, String windowId, Instant createdAt, Instant updatedAt, Instant dispatchedAt) {

    /** The same job on a robot. */
    public Job withRobot(String robot) {
        return new Job(id, tenantId, processName, robot, inputArguments, state, reason, windowId, createdAt, updatedAt,
                dispatchedAt);
    }

    /** The same job in another state. */
    public Job moveTo(JobState next, String why, String window, Instant at) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("job " + id + " cannot go from " + state + " to " + next);
        }
        return new Job(id, tenantId, processName, robotId, inputArguments, next, why, window, createdAt, at,
                dispatchedAt);
    }

    /** Whether a robot has it or has been sent it: started, or PENDING with its START sent. */
    public boolean onRobot() {
        return robotId != null && (state != JobState.PENDING || dispatchedAt != null);
    }
}
