package org.jobplatform.contracts;

import java.time.Instant;

/**
 * A log line a robot wrote for a job. Published by robot-gateway on {@code robots.logs.v1}, keyed by job; the
 * CloudEvents id is the line's id, so a line a robot sends again is recognisable downstream.
 *
 * @param lineId    the line's id, chosen by the robot (or by the gateway when the robot gives none)
 * @param jobId     the job
 * @param robotId   the robot
 * @param tenantId  the robot's tenant
 * @param level     the level as the robot wrote it (for example INFO)
 * @param message   the text
 * @param timestamp when the robot wrote it
 */
public record RobotLogWritten(String lineId, String jobId, String robotId, String tenantId, String level,
        String message, Instant timestamp) {
}
