package org.jobplatform.robot.commands;

import org.jobplatform.contracts.RobotCommandIssued;
import org.jobplatform.contracts.RobotCommandType;
import org.jobplatform.starter.messaging.UndecodableEventException;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A command as the robot API shows it, in heartbeat answers and on the event stream; absent fields are left out.
 *
 * @param id             the command's id: a robot that sees an id twice acts once
 * @param type           START, STOP or KILL
 * @param jobId          the job
 * @param processName    the automation to run (START only)
 * @param inputArguments the job's input arguments as JSON (START only)
 * @param reason         why: USER, MAINTENANCE, RECONCILIATION or DISPATCH
 * @param windowId       the maintenance window that caused it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RobotCommand(String id, RobotCommandType type, String jobId, String processName,
        JsonNode inputArguments, String reason, String windowId) {

    /**
     * The robot's view of an issued command.
     *
     * @throws UndecodableEventException when a required field is missing or the input arguments are not JSON, so
     *                                   the event can never be delivered
     */
    static RobotCommand of(RobotCommandIssued issued, JsonMapper json) {
        required(issued.commandId(), "commandId");
        required(issued.robotId(), "robotId");
        required(issued.type(), "type");
        required(issued.jobId(), "jobId");
        required(issued.issuedAt(), "issuedAt");
        JsonNode arguments = null;
        if (issued.inputArguments() != null) {
            try {
                arguments = json.readTree(issued.inputArguments());
            } catch (JacksonException e) {
                throw new UndecodableEventException("command " + issued.commandId()
                        + ": inputArguments is not JSON: " + e.getOriginalMessage(), e);
            }
        }
        return new RobotCommand(issued.commandId(), issued.type(), issued.jobId(), issued.processName(),
                arguments == null || arguments.isNull() ? null : arguments, issued.reason(), issued.windowId());
    }

    private static void required(Object value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new UndecodableEventException("a RobotCommandIssued without " + field + " cannot be delivered");
        }
    }
}
