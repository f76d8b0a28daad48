package org.jobplatform.agent;

import java.util.Map;

/**
 * A command from the gateway, as received in a heartbeat answer or on the command stream.
 *
 * @param id             the command's id; a command seen twice is acted on once
 * @param type           START, STOP or KILL
 * @param jobId          the job
 * @param processName    the automation to run (START only, else {@code null})
 * @param inputArguments the job's input arguments (never {@code null}; the simulator reads {@code durationMs},
 *                       {@code logEveryMs} and {@code outcome})
 * @param reason         why the command was sent, or {@code null}
 * @param windowId       the maintenance window that caused it, or {@code null}
 */
public record Command(String id, CommandType type, String jobId, String processName,
        Map<String, Object> inputArguments, String reason, String windowId) {

    public Command {
        inputArguments = inputArguments == null ? Map.of() : inputArguments;
    }
}
