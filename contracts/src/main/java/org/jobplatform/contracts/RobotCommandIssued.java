package org.jobplatform.contracts;

import java.time.Instant;

/**
 * job-service asks a robot to start, stop or kill a job. Published on {@code robots.commands.v1}, keyed by robot;
 * robot-gateway delivers it to the robot (server-sent events at once, else in the next heartbeat answer). A
 * command may be lost on the way (a gateway restarted before delivery); job-service sends it again when the
 * robot's heartbeat shows it was not acted on, with a new {@code commandId}. A robot acts on a job's command at
 * most once: START for a job it runs or ran, STOP or KILL for a job it does not run, change nothing.
 *
 * @param commandId      the command's id (also its CloudEvents id)
 * @param robotId        the robot
 * @param tenantId       the robot's and the job's tenant
 * @param type           START, STOP or KILL
 * @param jobId          the job
 * @param processName    the automation to run (START only, else {@code null})
 * @param inputArguments the job's input arguments as JSON text (START only, may be {@code null})
 * @param reason         why: USER, MAINTENANCE, RECONCILIATION or DISPATCH
 * @param windowId       the maintenance window that caused it, or {@code null}
 * @param issuedAt       when job-service issued it
 */
public record RobotCommandIssued(String commandId, String robotId, String tenantId, RobotCommandType type,
        String jobId, String processName, String inputArguments, String reason, String windowId, Instant issuedAt) {

    /** The reason of a command a maintenance window caused (it carries the window's id). */
    public static final String BY_MAINTENANCE = "MAINTENANCE";
}
